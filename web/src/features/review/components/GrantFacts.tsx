/** Every field of the application, as the reviewer needs to read it. */
import { Money } from "@/components/Money";
import { useT, type MessageId } from "@/lib/i18n";
import { formatDay, formatTimestamp } from "@/utils/dates";
import { actorName } from "@/utils/people";

import type { GrantDetail } from "../api/grants";
import { StatusBadge } from "./StatusBadge";

const yesNo = (value: boolean | null | undefined): MessageId =>
  value === null || value === undefined ? "grantFacts.notSaid" : value ? "common.yes" : "common.no";

/** The reviewers' short names for what the applicant applies as, and their experience. */
const APPLICATION_TYPES: Record<GrantDetail["application_type"], MessageId> = {
  general: "grantFacts.type.general",
  speaker: "grantFacts.type.speaker",
  staff: "grantFacts.type.staff",
  core_dev: "grantFacts.type.core_dev",
  psf_board: "grantFacts.type.psf_board",
  community: "grantFacts.type.community",
  education: "grantFacts.type.education",
  pyladies: "grantFacts.type.pyladies",
  other: "grantFacts.type.other",
};
const EXPERIENCE_LEVELS: Record<GrantDetail["experience_level"], MessageId> = {
  beginner: "grant.level.beginner",
  intermediate: "grant.level.intermediate",
  expert: "grant.level.expert",
};

/** A value the API may send that this app does not know yet is shown as it is. */
function wordsFor<K extends string>(known: Record<K, MessageId>, value: string, t: (id: MessageId) => string): string {
  const id = (known as Partial<Record<string, MessageId>>)[value];
  return id ? t(id) : value;
}

/**
 * Name and e-mail as the applicant's token gave them. An address the identity provider never
 * verified may belong to someone else (and gets no e-mails): say so next to it.
 */
export function Applicant({ user }: { user: NonNullable<GrantDetail["user"]> }) {
  const t = useT();
  if (!user.email) return <>{t("grantFacts.applicant", { name: user.name, contact: user.sub })}</>;
  return (
    <>
      {t("grantFacts.applicant", { name: user.name, contact: user.email })}
      {!user.email_verified && (
        <>
          {" "}
          <span className="badge badge--warn" title={t("grantFacts.unverifiedTitle")}>
            {t("grantFacts.unverified")}
          </span>
        </>
      )}
    </>
  );
}

export function GrantFacts({ grant }: { grant: GrantDetail }) {
  const t = useT();
  return (
    <>
      <dl className="facts">
        <dt>{t("grantFacts.status")}</dt>
        <dd><StatusBadge status={grant.status} /></dd>
        <dt>{t("grantFacts.applicantLabel")}</dt>
        <dd>{grant.user ? <Applicant user={grant.user} /> : t("grantFacts.hiddenApplicant")}</dd>
        <dt>{t("grantFacts.request")}</dt>
        <dd>{grant.request_type === "ticket_only" ? t("grantFacts.ticketOnly") : t("grantFacts.ticketAndGrant")}</dd>
        <dt>{t("grantFacts.applicationType")}</dt>
        <dd>{wordsFor(APPLICATION_TYPES, grant.application_type, t)}</dd>
        <dt>{t("grantFacts.requested")}</dt>
        <dd><Money value={grant.requested_amount} /></dd>
        <dt>{t("grantFacts.approved")}</dt>
        <dd><Money value={grant.approved_amount} /></dd>
        <dt>{t("grantFacts.promoCode")}</dt>
        <dd>{grant.promo_code || t("grantFacts.none")}</dd>
        <dt>{t("grantFacts.applied")}</dt>
        <dd>{formatTimestamp(grant.created_at)}</dd>
        <dt>{t("grantFacts.lastChange")}</dt>
        <dd>{formatTimestamp(grant.updated_at)}</dd>
        <dt>{t("grantFacts.reviewed")}</dt>
        <dd>
          {grant.reviewed_at
            ? t("grantFacts.reviewedBy", { when: formatTimestamp(grant.reviewed_at), who: actorName(grant.reviewed_by_name, grant.reviewed_by) })
            : t("grantFacts.notYet")}
        </dd>
        <dt>{t("grantFacts.paymentDetails")}</dt>
        <dd>{grant.has_payment_info ? t("grantFacts.given") : t("grantFacts.notGiven")}</dd>
        <dt>{t("grantFacts.ready")}</dt>
        <dd>{grant.ready_for_disbursement ? t("common.yes") : t("common.no")}</dd>
        {grant.disbursed_amount ? (
          <>
            <dt>{t("grantFacts.disbursed")}</dt>
            <dd>
              <Money value={grant.disbursed_amount} />{" "}
              {t("grantFacts.disbursedWhen", {
                when: grant.disbursed_at ? formatTimestamp(grant.disbursed_at) : "?",
                who: actorName(grant.disbursed_by_name, grant.disbursed_by),
              })}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t("grantFacts.application")}</h2>
      <dl className="facts">
        <dt>{t("grantFacts.travellingFrom")}</dt>
        <dd>{grant.travel_from}</dd>
        <dt>{t("grantFacts.international")}</dt>
        <dd>{t(yesNo(grant.international))}</dd>
        <dt>{t("grantFacts.firstTime")}</dt>
        <dd>{t(yesNo(grant.first_time))}</dd>
        <dt>{t("grantFacts.daysAttending")}</dt>
        <dd>{grant.days_attending.length ? grant.days_attending.map(formatDay).join("; ") : t("grantFacts.noneChosen")}</dd>
        <dt>{t("grantFacts.airfare")}</dt>
        <dd>
          <Money value={grant.travel_plans_airfare_amount} /> {grant.travel_plans_airfare_description}
        </dd>
        <dt>{t("grantFacts.lodging")}</dt>
        <dd>
          <Money value={grant.travel_plans_lodging_amount} /> {grant.travel_plans_lodging_description}
        </dd>
        <dt>{t("grantFacts.travelTotal")}</dt>
        <dd><Money value={grant.travel_plans_total} /></dd>
        <dt>{t("grantFacts.sharingExpenses")}</dt>
        <dd>{t(yesNo(grant.sharing_expenses))}</dd>
        <dt>{t("grantFacts.travellingWith")}</dt>
        <dd>{grant.traveling_with || "—"}</dd>
        <dt>{t("grantFacts.experience")}</dt>
        <dd>{wordsFor(EXPERIENCE_LEVELS, grant.experience_level, t)}</dd>
        <dt>{t("grantFacts.occupation")}</dt>
        <dd>{grant.occupation}</dd>
        <dt>{t("grantFacts.involvement")}</dt>
        <dd className="prose">{grant.involvement}</dd>
        <dt>{t("grantFacts.reason")}</dt>
        <dd className="prose">{grant.reason}</dd>
        {grant.reviewer_notes ? (
          <>
            <dt>{t("grantFacts.sharedNotes")}</dt>
            <dd className="prose">{grant.reviewer_notes}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

/** Every field of the application, as the reviewer needs to read it. */
import { Money } from "@/components/Money";
import { formatDay, formatTimestamp } from "@/utils/dates";
import { actorName, HIDDEN_APPLICANT } from "@/utils/people";

import type { GrantDetail } from "../api/grants";
import { StatusBadge } from "./StatusBadge";

const yesNo = (value: boolean | null | undefined) => (value === null || value === undefined ? "Not said" : value ? "Yes" : "No");
const words = (value: string) => value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/**
 * Name and e-mail as the applicant's token gave them. An address the identity provider never
 * verified may belong to someone else (and gets no e-mails): say so next to it.
 */
export function Applicant({ user }: { user: NonNullable<GrantDetail["user"]> }) {
  if (!user.email) return <>{user.name} ({user.sub})</>;
  return (
    <>
      {user.name} ({user.email})
      {!user.email_verified && (
        <>
          {" "}
          <span className="badge badge--warn" title="Nobody confirmed this address belongs to the applicant; no e-mails are sent to it.">
            unverified
          </span>
        </>
      )}
    </>
  );
}

export function GrantFacts({ grant }: { grant: GrantDetail }) {
  return (
    <>
      <dl className="facts">
        <dt>Status</dt>
        <dd><StatusBadge status={grant.status} /></dd>
        <dt>Applicant</dt>
        <dd>{grant.user ? <Applicant user={grant.user} /> : HIDDEN_APPLICANT}</dd>
        <dt>Request</dt>
        <dd>{grant.request_type === "ticket_only" ? "Ticket only" : "Ticket and travel grant"}</dd>
        <dt>Application type</dt>
        <dd>{words(grant.application_type)}</dd>
        <dt>Requested</dt>
        <dd><Money value={grant.requested_amount} /></dd>
        <dt>Approved</dt>
        <dd><Money value={grant.approved_amount} /></dd>
        <dt>Promo code</dt>
        <dd>{grant.promo_code || "None"}</dd>
        <dt>Applied</dt>
        <dd>{formatTimestamp(grant.created_at)}</dd>
        <dt>Last change</dt>
        <dd>{formatTimestamp(grant.updated_at)}</dd>
        <dt>Reviewed</dt>
        <dd>
          {grant.reviewed_at
            ? `${formatTimestamp(grant.reviewed_at)} by ${actorName(grant.reviewed_by_name, grant.reviewed_by)}`
            : "Not yet"}
        </dd>
        <dt>Payment details</dt>
        <dd>{grant.has_payment_info ? "Given" : "Not given yet"}</dd>
        <dt>Ready for disbursement</dt>
        <dd>{grant.ready_for_disbursement ? "Yes" : "No"}</dd>
        {grant.disbursed_amount ? (
          <>
            <dt>Disbursed</dt>
            <dd>
              <Money value={grant.disbursed_amount} /> on {grant.disbursed_at ? formatTimestamp(grant.disbursed_at) : "?"} by{" "}
              {actorName(grant.disbursed_by_name, grant.disbursed_by)}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>Application</h2>
      <dl className="facts">
        <dt>Travelling from</dt>
        <dd>{grant.travel_from}</dd>
        <dt>International</dt>
        <dd>{yesNo(grant.international)}</dd>
        <dt>First time</dt>
        <dd>{yesNo(grant.first_time)}</dd>
        <dt>Days attending</dt>
        <dd>{grant.days_attending.length ? grant.days_attending.map(formatDay).join("; ") : "None chosen"}</dd>
        <dt>Airfare</dt>
        <dd>
          <Money value={grant.travel_plans_airfare_amount} /> {grant.travel_plans_airfare_description}
        </dd>
        <dt>Lodging</dt>
        <dd>
          <Money value={grant.travel_plans_lodging_amount} /> {grant.travel_plans_lodging_description}
        </dd>
        <dt>Travel plans total</dt>
        <dd><Money value={grant.travel_plans_total} /></dd>
        <dt>Sharing expenses</dt>
        <dd>{yesNo(grant.sharing_expenses)}</dd>
        <dt>Travelling with</dt>
        <dd>{grant.traveling_with || "—"}</dd>
        <dt>Experience</dt>
        <dd>{words(grant.experience_level)}</dd>
        <dt>Occupation</dt>
        <dd>{grant.occupation}</dd>
        <dt>Involvement</dt>
        <dd className="prose">{grant.involvement}</dd>
        <dt>Reason</dt>
        <dd className="prose">{grant.reason}</dd>
        {grant.reviewer_notes ? (
          <>
            <dt>Shared reviewer notes (earlier; new notes are in the messages)</dt>
            <dd className="prose">{grant.reviewer_notes}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

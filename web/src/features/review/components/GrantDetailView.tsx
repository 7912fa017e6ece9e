/**
 * One grant for reviewers: every field, the receipts, the audit trail, the message thread
 * and (for `review_travel_grant`) the review form and the message form. Read-only viewers
 * get the same page without forms. `children` lets the app add other features' panels
 * (the payout panel) without this feature knowing them.
 */
import type { ReactNode } from "react";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { useT } from "@/lib/i18n";
import { displayName } from "@/utils/people";

import { useGrantDetail, type GrantDetail } from "../api/grants";
import { AuditTimeline } from "./AuditTimeline";
import { GrantFacts } from "./GrantFacts";
import { GrantReceipts } from "./GrantReceipts";
import { MessageThread, SendMessageForm } from "./MessageThread";
import { ReviewForm } from "./ReviewForm";
import { TicketFacts } from "./TicketFacts";

type Props = {
  slug: string;
  grantId: string;
  canReview: boolean;
  receiptHref?: ((receiptId: string) => string) | undefined;
  panels?: (grant: GrantDetail) => ReactNode;
  /** What a caller who cannot review is told in place of the review form. */
  readOnlyNotice?: string;
};

export function GrantDetailView({ slug, grantId, canReview, receiptHref, panels, readOnlyNotice }: Props) {
  const t = useT();
  const query = useGrantDetail(slug, grantId);
  return (
    <QueryState query={query} loadingLabel={t("grantDetail.loading")}>
      {(grant) => {
        const name = grant.user ? displayName(grant.user) : t("grantFacts.hiddenApplicant");
        return (
          <>
            <PageTitle title={t("grantDetail.tabTitle", { name })}>{t("grantDetail.title", { name })}</PageTitle>
            <div className="split">
              <div className="split__main">
                <GrantFacts grant={grant} />
                <TicketFacts slug={slug} grant={grant} canRetry={canReview} />
                <h2>{t("grantDetail.receipts")}</h2>
                <GrantReceipts grant={grant} receiptHref={receiptHref} />
                <h2>{t("grantDetail.messages")}</h2>
                {grant.internal_notes_hidden ? (
                  <p className="muted">{t("grantDetail.notesHidden")}</p>
                ) : null}
                <MessageThread grant={grant} />
                {canReview ? <SendMessageForm slug={slug} grantId={grant.id} /> : null}
              </div>
              <div className="split__side">
                {canReview ? <ReviewForm key={grant.id} slug={slug} grant={grant} /> : <p className="notice">{readOnlyNotice ?? t("grantDetail.viewerNotice")}</p>}
                {panels?.(grant)}
                <h2>{t("grantDetail.audit")}</h2>
                <AuditTimeline grant={grant} />
              </div>
            </div>
          </>
        );
      }}
    </QueryState>
  );
}

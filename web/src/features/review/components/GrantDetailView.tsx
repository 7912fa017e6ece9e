/**
 * One grant for reviewers: every field, the receipts, the audit trail, the message thread
 * and (for `review_travel_grant`) the review form and the message form. Read-only viewers
 * get the same page without forms. `children` lets the app add other features' panels
 * (the payout panel) without this feature knowing them.
 */
import type { ReactNode } from "react";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
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

const VIEWER_NOTICE = "You can read this grant; reviewing it needs the reviewer permission.";

export function GrantDetailView({ slug, grantId, canReview, receiptHref, panels, readOnlyNotice = VIEWER_NOTICE }: Props) {
  const query = useGrantDetail(slug, grantId);
  return (
    <QueryState query={query} loadingLabel="Loading the grant…">
      {(grant) => (
        <>
          <PageTitle title={`Grant: ${displayName(grant.user)}`}>{`Grant of ${displayName(grant.user)}`}</PageTitle>
          <div className="split">
            <div className="split__main">
              <GrantFacts grant={grant} />
              <TicketFacts slug={slug} grant={grant} canRetry={canReview} />
              <h2>Receipts</h2>
              <GrantReceipts grant={grant} receiptHref={receiptHref} />
              <h2>Messages</h2>
              {grant.internal_notes_hidden ? (
                <p className="muted">The reviewers&apos; internal notes are for reviewers only and are not shown here.</p>
              ) : null}
              <MessageThread grant={grant} />
              {canReview ? <SendMessageForm slug={slug} grantId={grant.id} /> : null}
            </div>
            <div className="split__side">
              {canReview ? <ReviewForm key={grant.id} slug={slug} grant={grant} /> : <p className="notice">{readOnlyNotice}</p>}
              {panels?.(grant)}
              <h2>Audit trail</h2>
              <AuditTimeline grant={grant} />
            </div>
          </div>
        </>
      )}
    </QueryState>
  );
}

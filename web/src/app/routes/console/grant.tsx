/**
 * /c/:slug/manage/grants/:grantId: the review feature's grant page, with the payer's panel
 * (payouts feature) composed in for `disburse_travel_grant`.
 */
import { Link, useParams } from "react-router";

import { PayoutPanel } from "@/features/payouts";
import { GrantDetailView } from "@/features/review";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  const { slug = "", grantId = "" } = useParams();
  const { can } = useAuth();
  const reader = can("view_travel_grant") || can("review_travel_grant");
  return (
    <>
      <p className="breadcrumb">
        {reader ? (
          <Link to={`/c/${slug}/manage/grants`}>{t("console.grant.all")}</Link>
        ) : (
          <Link to={`/c/${slug}/manage/payouts`}>{t("console.grant.ready")}</Link>
        )}
      </p>
      <GrantDetailView
        slug={slug}
        grantId={grantId}
        canReview={can("review_travel_grant")}
        receiptHref={can("review_receipt") ? (id) => `/c/${slug}/manage/receipts/${id}` : undefined}
        panels={(grant) => (can("disburse_travel_grant") ? <PayoutPanel slug={slug} grant={grant} /> : null)}
        {...(reader ? {} : { readOnlyNotice: t("console.grant.payerNotice") })}
      />
    </>
  );
}

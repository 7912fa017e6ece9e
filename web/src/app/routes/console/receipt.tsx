/** /c/:slug/manage/receipts/:receiptId: one receipt, its file, Approve / Flag, and "Next receipt". */
import { useNavigate, useParams } from "react-router";

import { NextReceiptButton, ReceiptReview } from "@/features/receipt-review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "", receiptId = "" } = useParams();
  const navigate = useNavigate();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.receipts} title={t("console.receipt.title")}>
      <ReceiptReview
        key={receiptId}
        slug={slug}
        receiptId={receiptId}
        grantHref={(id) => `/c/${slug}/manage/grants/${id}`}
        next={<NextReceiptButton slug={slug} onOpen={(id) => void navigate(`/c/${slug}/manage/receipts/${id}`)} />}
      />
    </Restricted>
  );
}

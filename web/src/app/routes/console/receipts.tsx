/** /c/:slug/manage/receipts: the receipt queue's start, "Next receipt". */
import { useNavigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { NextReceiptButton } from "@/features/receipt-review";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  const navigate = useNavigate();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.receipts} title="Receipts">
      <PageTitle>Receipts</PageTitle>
      <p>Receipts waiting for review come one at a time, in no particular order, so reviewers working together rarely meet.</p>
      <NextReceiptButton slug={slug} onOpen={(id) => void navigate(`/c/${slug}/manage/receipts/${id}`)} />
    </Restricted>
  );
}

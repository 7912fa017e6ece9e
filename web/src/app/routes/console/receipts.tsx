/** /c/:slug/manage/receipts: the receipt queue's start, "Next receipt". */
import { useNavigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { NextReceiptButton } from "@/features/receipt-review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const navigate = useNavigate();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.receipts} title={t("console.area.receipts")}>
      <PageTitle>{t("console.area.receipts")}</PageTitle>
      <p>{t("console.receipts.intro")}</p>
      <NextReceiptButton slug={slug} onOpen={(id) => void navigate(`/c/${slug}/manage/receipts/${id}`)} />
    </Restricted>
  );
}

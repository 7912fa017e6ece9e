/** The receipt file shown inline: an image as an image, a PDF in a frame, both from a blob: URL. */
import { useEffect, useMemo } from "react";

import { ErrorMessage } from "@/components/ErrorMessage";
import { Spinner } from "@/components/Spinner";
import { useT } from "@/lib/i18n";

import { useReceiptFile, type ReviewerReceipt } from "../api/receipts";

export function ReceiptPreview({ receipt }: { receipt: ReviewerReceipt }) {
  const t = useT();
  const file = useReceiptFile(receipt.download_url);
  const url = useMemo(() => (file.data ? URL.createObjectURL(file.data) : null), [file.data]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  if (!receipt.download_url) return <p>{t("receiptPreview.unavailable")}</p>;
  if (file.isError) return <ErrorMessage title={t("receiptPreview.failed")} error={file.error} onRetry={() => void file.refetch()} />;
  if (!url) return <Spinner label={t("receiptPreview.loading")} />;
  const isPdf = receipt.content_type === "application/pdf";
  return (
    <div className="receipt-preview">
      {isPdf ? (
        <iframe className="receipt-preview__frame" src={url} title={t("receiptPreview.frame", { filename: receipt.filename })} />
      ) : (
        <img className="receipt-preview__image" src={url} alt={t("receiptPreview.image", { filename: receipt.filename, description: receipt.description })} />
      )}
      <p>
        <a href={url} download={receipt.filename}>
          {t("receiptPreview.download", { filename: receipt.filename })}
        </a>
      </p>
    </div>
  );
}

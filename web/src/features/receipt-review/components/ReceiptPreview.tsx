/** The receipt file shown inline: an image as an image, a PDF in a frame, both from a blob: URL. */
import { useEffect, useMemo } from "react";

import { ErrorMessage } from "@/components/ErrorMessage";
import { Spinner } from "@/components/Spinner";

import { useReceiptFile, type ReviewerReceipt } from "../api/receipts";

export function ReceiptPreview({ receipt }: { receipt: ReviewerReceipt }) {
  const file = useReceiptFile(receipt.download_url);
  const url = useMemo(() => (file.data ? URL.createObjectURL(file.data) : null), [file.data]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  if (!receipt.download_url) return <p>The file is not available (it was not uploaded, or it was removed).</p>;
  if (file.isError) return <ErrorMessage title="The preview could not be loaded." error={file.error} onRetry={() => void file.refetch()} />;
  if (!url) return <Spinner label="Loading the file…" />;
  const isPdf = receipt.content_type === "application/pdf";
  return (
    <div className="receipt-preview">
      {isPdf ? (
        <iframe className="receipt-preview__frame" src={url} title={`Receipt file ${receipt.filename}`} />
      ) : (
        <img className="receipt-preview__image" src={url} alt={`Receipt file ${receipt.filename}: ${receipt.description}`} />
      )}
      <p>
        <a href={url} download={receipt.filename}>
          Download {receipt.filename}
        </a>
      </p>
    </div>
  );
}

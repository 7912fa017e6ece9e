/**
 * Upload a receipt: type, amount, date, description and the file; the file goes straight
 * to S3 (presigned POST) with a progress bar, then the API checks what arrived.
 */
import { useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { ApiError } from "@/lib/api/errors";
import { applyServerErrors } from "@/lib/forms";
import { RECEIPT_TYPES, type ReceiptType } from "@/lib/receipt-types";
import { moneyProblem, toCents } from "@/utils/money";

import { contentTypeOf, MAX_UPLOAD_BYTES, useUploadReceipt, type Receipt } from "../api/receipts";
import { UploadRejected } from "../api/upload";

type Values = { receipt_type: ReceiptType | ""; amount: string; date: string; description: string; file: FileList | null };
const FIELDS = ["receipt_type", "amount", "date", "description", "file"] as const;

/** Words for what went wrong with the file itself (the rest goes through ErrorMessage). */
function fileProblem(error: unknown): string | null {
  if (error instanceof ApiError && error.code === "invalid_upload") {
    return "The file was not accepted: it must really be a PDF, JPEG or PNG of at most 10 MB. Choose another file and upload again.";
  }
  if (error instanceof UploadRejected) {
    return "The storage service refused the file. Check it is a PDF, JPEG or PNG of at most 10 MB and try again.";
  }
  return null;
}

export function UploadReceiptForm({ slug, replaces = null, onDone }: {
  slug: string; replaces?: Receipt | null; onDone?: () => void;
}) {
  const upload = useUploadReceipt(slug);
  const [progress, setProgress] = useState<number | null>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const { register, handleSubmit, setError, reset, formState, control } = useForm<Values>({
    defaultValues: { receipt_type: "", amount: "", date: "", description: "", file: null },
  });
  const errors = formState.errors;
  const receiptType = useWatch({ control, name: "receipt_type" });
  const fileField = register("file", {
    validate: (files) => {
      const file = files?.[0];
      if (!file) return "Choose the receipt file.";
      if (!contentTypeOf(file)) return "Choose a PDF, JPEG or PNG file (.pdf, .jpg, .jpeg, .png).";
      if (file.size > MAX_UPLOAD_BYTES) return "The file is over 10 MB: choose a smaller one.";
      if (file.size === 0) return "The file is empty.";
      return true;
    },
  });

  const submit = handleSubmit(async (values) => {
    const file = values.file?.[0];
    if (!file || !values.receipt_type) return;
    setUnplaced([]);
    setDone(null);
    setProgress(0);
    try {
      const receipt = await upload.mutateAsync({
        input: {
          receipt_type: values.receipt_type,
          amount: values.amount.trim(),
          date: values.date,
          description: values.description.trim(),
          ...(replaces ? { replaces: replaces.id } : {}),
        },
        file,
        onProgress: setProgress,
      });
      setDone(`${receipt.filename} is uploaded and waiting for review.`);
      reset();
      onDone?.();
    } catch (error) {
      // filename / content_type / size are the file input's business: put them there.
      const fileFields: Record<string, string[]> = {};
      const otherFields: Record<string, string[]> = {};
      if (error instanceof ApiError) {
        for (const [name, messages] of Object.entries(error.fields)) {
          (["filename", "content_type", "size"].includes(name) ? fileFields : otherFields)[name] = messages;
        }
      }
      const others = error instanceof ApiError ? new ApiError(error.status, error.code, error.message, otherFields) : error;
      setUnplaced(applyServerErrors(others, setError, FIELDS));
      const problem = fileProblem(error) ?? (Object.values(fileFields).flat().join(" ") || null);
      if (problem) setError("file", { type: "server", message: problem }, { shouldFocus: true });
    } finally {
      setProgress(null);
    }
  });

  const failure = upload.error && !fileProblem(upload.error) ? upload.error : null;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{replaces ? `Replace the flagged receipt ${replaces.filename}` : "Upload a receipt"}</h2>
      {replaces ? <p className="muted">The flagged receipt stays on record as replaced; the reviewers check the new one.</p> : null}
      <Field label="Type" required error={errors.receipt_type?.message}>
        {(props) => (
          <select {...props} {...register("receipt_type", { required: "Choose what the receipt is for." })}>
            <option value="">Choose…</option>
            {Object.entries(RECEIPT_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Amount (USD)" required error={errors.amount?.message}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            {...register("amount", {
              validate: (v) =>
                !v.trim() ? "Enter the amount on the receipt." : moneyProblem(v) ?? ((toCents(v) ?? 0) > 0 || "Enter an amount above zero."),
            })}
          />
        )}
      </Field>
      <Field label="Date on the receipt" required error={errors.date?.message}>
        {(props) => <input {...props} type="date" {...register("date", { required: "Enter the date on the receipt." })} />}
      </Field>
      <Field
        label="Description"
        required={receiptType === "other"}
        hint={receiptType === "other" ? "Say what the receipt is for." : "Optional: e.g. “Flight LIS–JFK”."}
        error={errors.description?.message}
      >
        {(props) => (
          <input
            {...props}
            maxLength={500}
            {...register("description", {
              validate: (v) => receiptType !== "other" || Boolean(v.trim()) || "Say what the receipt is for.",
            })}
          />
        )}
      </Field>
      <Field label="Receipt file" required hint="A PDF, JPEG or PNG of at most 10 MB." error={errors.file?.message}>
        {(props) => (
          <input
            {...props}
            type="file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            {...fileField}
            ref={(element) => {
              fileField.ref(element);
              fileInput.current = element;
            }}
          />
        )}
      </Field>
      {progress !== null ? (
        <div className="field">
          <label htmlFor="upload-progress">Uploading: {Math.round(progress * 100)}%</label>
          <progress id="upload-progress" max={1} value={progress} />
        </div>
      ) : null}
      <div aria-live="polite" role="status">
        {done ? <p className="notice notice--ok">{done}</p> : null}
      </div>
      <FormError error={failure} unplaced={unplaced} onRetry={() => void submit()} />
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        Upload receipt
      </button>
    </form>
  );
}

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
import { translate, useT } from "@/lib/i18n";
import { RECEIPT_TYPES, type ReceiptType } from "@/lib/receipt-types";
import { moneyProblem, toCents } from "@/utils/money";

import { contentTypeOf, MAX_UPLOAD_BYTES, useUploadReceipt, type Receipt } from "../api/receipts";
import { UploadRejected } from "../api/upload";

type Values = { receipt_type: ReceiptType | ""; amount: string; date: string; description: string; file: FileList | null };
const FIELDS = ["receipt_type", "amount", "date", "description", "file"] as const;

/** Words for what went wrong with the file itself (the rest goes through ErrorMessage). */
function fileProblem(error: unknown): string | null {
  if (error instanceof ApiError && error.code === "invalid_upload") {
    return translate("uploadReceipt.invalidUpload");
  }
  if (error instanceof UploadRejected) {
    return translate("uploadReceipt.storageRefused");
  }
  return null;
}

export function UploadReceiptForm({ slug, replaces = null, onDone }: {
  slug: string; replaces?: Receipt | null; onDone?: () => void;
}) {
  const t = useT();
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
      if (!file) return t("uploadReceipt.file.missing");
      if (!contentTypeOf(file)) return t("uploadReceipt.file.wrongType");
      if (file.size > MAX_UPLOAD_BYTES) return t("uploadReceipt.file.tooBig");
      if (file.size === 0) return t("uploadReceipt.file.empty");
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
      setDone(t("uploadReceipt.done", { filename: receipt.filename }));
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
      <h2 id="upload-title">{replaces ? t("uploadReceipt.replaceTitle", { filename: replaces.filename }) : t("uploadReceipt.title")}</h2>
      {replaces ? <p className="muted">{t("uploadReceipt.replaceNote")}</p> : null}
      <Field label={t("uploadReceipt.type")} required error={errors.receipt_type?.message}>
        {(props) => (
          <select {...props} {...register("receipt_type", { required: t("uploadReceipt.type.required") })}>
            <option value="">{t("common.choose")}</option>
            {Object.entries(RECEIPT_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("uploadReceipt.amount")} required error={errors.amount?.message}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            {...register("amount", {
              validate: (v) =>
                !v.trim() ? t("uploadReceipt.amount.missing") : moneyProblem(v) ?? ((toCents(v) ?? 0) > 0 || t("uploadReceipt.amount.zero")),
            })}
          />
        )}
      </Field>
      <Field label={t("uploadReceipt.date")} required error={errors.date?.message}>
        {(props) => <input {...props} type="date" {...register("date", { required: t("uploadReceipt.date.missing") })} />}
      </Field>
      <Field
        label={t("uploadReceipt.description")}
        required={receiptType === "other"}
        hint={receiptType === "other" ? t("uploadReceipt.description.required") : t("uploadReceipt.description.hint")}
        error={errors.description?.message}
      >
        {(props) => (
          <input
            {...props}
            maxLength={500}
            {...register("description", {
              validate: (v) => receiptType !== "other" || Boolean(v.trim()) || t("uploadReceipt.description.required"),
            })}
          />
        )}
      </Field>
      <Field label={t("uploadReceipt.file")} required hint={t("uploadReceipt.file.hint")} error={errors.file?.message}>
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
          <label htmlFor="upload-progress">{t("uploadReceipt.progress", { done: progress })}</label>
          <progress id="upload-progress" max={1} value={progress} />
        </div>
      ) : null}
      <div aria-live="polite" role="status">
        {done ? <p className="notice notice--ok">{done}</p> : null}
      </div>
      <FormError error={failure} unplaced={unplaced} onRetry={() => void submit()} />
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t("uploadReceipt.submit")}
      </button>
    </form>
  );
}

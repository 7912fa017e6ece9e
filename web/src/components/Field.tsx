/**
 * A form control with its visible label, an optional hint and its error, wired for
 * assistive technology (aria-invalid, aria-describedby). The control is rendered by the
 * caller with the props given, so it works for inputs, selects and textareas alike.
 */
import { useId, type ReactNode } from "react";
import { useT } from "@/lib/i18n";

export type ControlProps = {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
};

type FieldProps = {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  children: (props: ControlProps) => ReactNode;
};

export function Field({ label, error, hint, required, children }: FieldProps) {
  const t = useT();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="field__required"> {t("common.required")}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": Boolean(error), ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox or radio button with its label beside it (and an error under it). */
export function ChoiceField({
  label,
  error,
  children,
}: {
  label: ReactNode;
  error?: string | undefined;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? "field field--check field--invalid" : "field field--check"}>
      {children({ id, "aria-invalid": Boolean(error), ...(errorId ? { "aria-describedby": errorId } : {}) })}
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

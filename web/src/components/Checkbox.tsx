/**
 * One checkbox with its visible label beside it and its error under it, for the console's
 * boolean form fields (the control is rendered by the caller, as with <Field>). Kept apart
 * from Field.tsx so the console does not depend on that file's checkbox/radio helper, which
 * part 1 is reshaping.
 */
import { useId, type ReactNode } from "react";

import type { ControlProps } from "./Field";

export function Checkbox({ label, error, children }: { label: ReactNode; error?: string | undefined; children: (props: ControlProps) => ReactNode }) {
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

/** A polite loading indicator, announced to screen readers. */
import { useT } from "@/lib/i18n";

export function Spinner({ label }: { label?: string | undefined }) {
  const t = useT();
  return (
    <div className="spinner" role="status" aria-live="polite">
      <span className="spinner__circle" aria-hidden="true" />
      <span className="spinner__label">{label ?? t("common.loading")}</span>
    </div>
  );
}

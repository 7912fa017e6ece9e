/** An error in words (never raw JSON), with "Try again" when a retry can help. */
import { errorToWords, isRetryable } from "@/lib/api/errors";
import { useT } from "@/lib/i18n";

type Props = {
  error: unknown;
  /** Shown as a "Try again" button when the failure is one a retry can fix. */
  onRetry?: (() => void) | undefined;
  title?: string;
};

export function ErrorMessage({ error, onRetry, title }: Props) {
  const t = useT();
  if (!error) return null;
  const retry = onRetry && isRetryable(error);
  return (
    <div className="error-message" role="alert">
      {title ? <p className="error-message__title">{title}</p> : null}
      <p>{errorToWords(error)}</p>
      {retry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t("common.tryAgain")}
        </button>
      ) : null}
    </div>
  );
}

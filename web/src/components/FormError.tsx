/** The form-level message after a failed submit: the API's words plus field errors with no field on the page. */
import { ErrorMessage } from "./ErrorMessage";

export function FormError({ error, unplaced, onRetry }: { error: unknown; unplaced?: string[]; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div>
      <ErrorMessage error={error} onRetry={onRetry} />
      {unplaced?.length ? (
        <ul className="error-list">
          {unplaced.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

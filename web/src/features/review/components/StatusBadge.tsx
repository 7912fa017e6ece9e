import { statusTone, statusWords } from "../api/statuses";

/** A grant's status in words, coloured by what it means for the reviewer (text carries the meaning). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${statusTone(status)}`}>{statusWords(status)}</span>;
}

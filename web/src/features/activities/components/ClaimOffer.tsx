/**
 * A place offered to the caller (status `offered`): "A place is yours: claim it by <time>",
 * a countdown to `claim_by` and one "Claim my place" button. Once the deadline passes the
 * button goes and the expired state says what happened (the server refuses a late claim
 * anyway, with 409 claim_expired, shown in words). The countdown ticks every second, and is
 * not a live region: the deadline is announced once, not every second.
 */
import { useEffect, useState, type ReactNode } from "react";

import { ErrorMessage } from "@/components/ErrorMessage";
import { translate, useRich, useT } from "@/lib/i18n";
import { formatDeadlineHere } from "@/utils/dates";

import { useClaimPlace } from "../api/activities";

type Props = {
  slug: string;
  activitySlug: string;
  /** The offer's deadline (ISO 8601, UTC). */
  claimBy: string;
  /** Named in the button's accessible name where several offers may show (My activities). */
  activityName?: string;
  /** Called after a successful claim (the parent moves focus or announces it). */
  onClaimed?: () => void;
};

const TICK_MS = 1_000;

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** "2 h 05 min", "4 min 09 s", "12 s": what is left, coarse enough to read at a glance. */
export function timeLeftText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (hours > 0) return translate("claim.timeLeft.hours", { hours, minutes: two(minutes) });
  if (minutes > 0) return translate("claim.timeLeft.minutes", { minutes, seconds: two(rest) });
  return translate("claim.timeLeft.seconds", { seconds: rest });
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function ClaimOffer({ slug, activitySlug, claimBy, activityName, onClaimed }: Props) {
  const t = useT();
  const rich = useRich();
  const claim = useClaimPlace(slug, activitySlug);
  const now = useNow();
  const left = new Date(claimBy).getTime() - now;
  const deadline = formatDeadlineHere(claimBy);

  if (!(left > 0)) {
    return (
      <div className="notice" data-testid="claim-expired">
        <p>{rich("claim.expired", { deadline, strong })}</p>
        <ErrorMessage error={claim.error} />
      </div>
    );
  }
  return (
    <div className="notice notice--ok">
      <p>{rich("claim.offer", { deadline, strong })}</p>
      <p>{rich("claim.timeLeft", { time: <span data-testid="claim-countdown">{timeLeftText(left)}</span> })}</p>
      <ErrorMessage error={claim.error} onRetry={() => claim.mutate(undefined, { onSuccess: onClaimed })} />
      <button
        type="button"
        className="button"
        aria-label={activityName ? t("claim.buttonIn", { activity: activityName }) : undefined}
        disabled={claim.isPending}
        onClick={() => claim.mutate(undefined, { onSuccess: onClaimed })}
      >
        {t("claim.button")}
      </button>
    </div>
  );
}

/**
 * Scoring mode: one application at a time ("Next application"), scored with the buttons or the
 * keys 1…N (0 for 10), with a comment and a private comment; "Save and next", "Skip" and
 * "Declare a conflict". After saving, the application just scored shows the others' scores and
 * comments (the API reveals them once you have scored).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { ErrorMessage } from "@/components/ErrorMessage";
import { QueryState } from "@/components/QueryState";
import { displayName } from "@/utils/people";
import { useT } from "@/lib/i18n";

import { useGrantDetail, type GrantDetail } from "../api/grants";
import { useDeclareConflict, useNextToScore, useSaveScore } from "../api/scoring";
import { GrantFacts } from "./GrantFacts";

/** The score a key press gives on a scale of `scale` (1…9, and 0 for 10), or null. */
export function scoreForKey(key: string, scale: number): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const value = key === "0" ? 10 : Number(key);
  return value >= 1 && value <= scale ? value : null;
}

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export function ScoringMode({ slug }: { slug: string }) {
  const t = useT();
  const next = useNextToScore(slug);
  const queryClient = useQueryClient();
  const [lastScored, setLastScored] = useState<string | null>(null);
  const loadNext = () => void queryClient.invalidateQueries({ queryKey: ["console", slug, "grants", "next-to-score"] });
  return (
    <div className="scoring">
      <QueryState query={next} loadingLabel={t("scoring.finding")}>
        {(grant) =>
          grant ? (
            <ScoreCard
              key={grant.id}
              slug={slug}
              grant={grant}
              onSaved={() => {
                setLastScored(grant.id);
                loadNext();
              }}
              onSkip={loadNext}
            />
          ) : (
            <p className="notice notice--ok" role="status">
              {t("scoring.nothingLeft")}
            </p>
          )
        }
      </QueryState>
      {lastScored ? <LastScored slug={slug} grantId={lastScored} /> : null}
    </div>
  );
}

function ScoreCard({ slug, grant, onSaved, onSkip }: { slug: string; grant: GrantDetail; onSaved: () => void; onSkip: () => void }) {
  const t = useT();
  const scale = grant.review?.scale ?? 5;
  const [score, setScore] = useState<number | null>(grant.my_score?.score ?? null);
  const [comment, setComment] = useState("");
  const [privateComment, setPrivateComment] = useState("");
  const [conflictOpen, setConflictOpen] = useState(false);
  const [reason, setReason] = useState("");
  const save = useSaveScore(slug);
  const conflict = useDeclareConflict(slug);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typingInField(event.target)) return;
      const value = scoreForKey(event.key, scale);
      if (value !== null) {
        setScore(value);
        event.preventDefault();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [scale]);

  const submit = () => {
    if (score === null) return;
    save.mutate(
      { grantId: grant.id, body: { score, comment: comment || null, private_comment: privateComment || null } },
      { onSuccess: onSaved },
    );
  };

  return (
    <section aria-labelledby="scoring-title" className="scoring__card">
      <h2 id="scoring-title">{t("scoring.application", { name: displayName(grant.user) })}</h2>
      <p className="muted">
        {grant.scores ? `${t("scoring.soFar", { count: grant.scores.count })} ` : null}
        {scale === 10 ? t("scoring.keysTen") : t("scoring.keys", { scale })}
      </p>
      <GrantFacts grant={grant} />
      <form
        className="scoring__form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <fieldset>
          <legend>{t("scoring.yourScore", { scale })}</legend>
          <div className="scoring__buttons" role="group" aria-label={t("scoring.score")}>
            {Array.from({ length: scale }, (_, i) => i + 1).map((value) => (
              <button
                key={value}
                type="button"
                className={value === score ? "button" : "button button--secondary"}
                aria-pressed={value === score}
                onClick={() => setScore(value)}
              >
                {value}
              </button>
            ))}
          </div>
        </fieldset>
        <label htmlFor="score-comment">{t("scoring.comment")}</label>
        <textarea id="score-comment" value={comment} maxLength={4000} onChange={(e) => setComment(e.target.value)} />
        <label htmlFor="score-private">{t("scoring.private")}</label>
        <textarea id="score-private" value={privateComment} maxLength={4000} onChange={(e) => setPrivateComment(e.target.value)} />
        {save.isError ? <ErrorMessage error={save.error} /> : null}
        <div className="scoring__actions">
          <button type="submit" className="button" disabled={score === null || save.isPending}>
            {t("scoring.saveNext")}
          </button>
          <button type="button" className="button button--secondary" onClick={onSkip}>
            {t("scoring.skip")}
          </button>
          <button type="button" className="button button--secondary" aria-expanded={conflictOpen} onClick={() => setConflictOpen(!conflictOpen)}>
            {t("scoring.conflict")}
          </button>
        </div>
      </form>
      {conflictOpen ? (
        <form
          className="scoring__conflict"
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) conflict.mutate({ grantId: grant.id, reason: reason.trim() }, { onSuccess: onSkip });
          }}
        >
          <label htmlFor="conflict-reason">{t("scoring.conflictReason")}</label>
          <textarea id="conflict-reason" required value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          {conflict.isError ? <ErrorMessage error={conflict.error} /> : null}
          <button type="submit" className="button" disabled={!reason.trim() || conflict.isPending}>
            {t("scoring.confirmConflict")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The application just scored, with everyone's scores and comments (now that you have scored). */
function LastScored({ slug, grantId }: { slug: string; grantId: string }) {
  const t = useT();
  const detail = useGrantDetail(slug, grantId);
  return (
    <section aria-labelledby="last-scored-title" className="scoring__last">
      <h2 id="last-scored-title">{t("scoring.last")}</h2>
      <QueryState query={detail} loadingLabel={t("scoring.loadingReviews")}>
        {(grant) => (
          <>
            <p>
              {t("scoring.summary", {
                name: displayName(grant.user),
                count: grant.scores?.count ?? 0,
                mean: grant.scores?.mean ?? "–",
                calibrated: grant.scores?.calibrated ?? "–",
              })}
            </p>
            <ul aria-label={t("scoring.reviews")}>
              {(grant.reviews ?? []).map((review) => (
                <li key={review.reviewer.sub}>
                  <strong>{review.reviewer.name || review.reviewer.sub}</strong>: {review.score}
                  {review.comment ? ` — ${review.comment}` : ""}
                  {review.private_comment ? <span className="muted">{` ${t("scoring.privateNote", { note: review.private_comment })}`}</span> : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}

/**
 * Wall-clock times in the conference's timezone <-> UTC instants, for the activity form's
 * `datetime-local` inputs (which have no zone). Built on Intl only: the offset at an instant
 * is read back from Intl.DateTimeFormat, and a second pass settles DST changes.
 */

function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** "2026-05-14T09:00" read in `timeZone` -> "2026-05-14T13:00:00Z"; null for blank or malformed input. */
export function zonedInputToUtc(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let instant = wall - offsetMinutes(wall, timeZone) * 60_000;
  instant = wall - offsetMinutes(instant, timeZone) * 60_000; // the offset at the answer itself (DST)
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A UTC instant -> the "YYYY-MM-DDTHH:mm" a datetime-local input shows for `timeZone`. */
export function utcToZonedInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const instant = new Date(iso).getTime();
  if (Number.isNaN(instant)) return "";
  const local = new Date(instant + offsetMinutes(instant, timeZone) * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * Dates and times shown in the conference's own timezone (the API sends UTC instants), worded
 * by Intl in the reader's language.
 */
import { currentLocale, translate } from "@/lib/i18n";

function format(value: string, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(currentLocale(), { timeZone, ...options }).format(date);
}

export function formatDateTime(value: string, timeZone: string): string {
  return format(value, timeZone, {
    weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short",
  });
}

export function formatTime(value: string, timeZone: string): string {
  return format(value, timeZone, { hour: "numeric", minute: "2-digit" });
}

/** "Wednesday, May 13, 2026" for a calendar date (YYYY-MM-DD), with no timezone shift. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone: "UTC", weekday: "long", month: "long", day: "numeric", year: "numeric",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An offer's deadline (the last moment of a day in the conference's timezone): "Monday, June 15, 2026". */
export function formatDeadline(value: string, timeZone: string): string {
  return format(value, timeZone, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
}

/** An offer's deadline day in a table: "Dec 19, 2026" (the conference's day, as the applicant reads it). */
export function formatDeadlineShort(value: string, timeZone: string): string {
  return format(value, timeZone, { month: "short", day: "numeric", year: "numeric" });
}

export function formatTimestamp(value: string): string {
  return format(value, Intl.DateTimeFormat().resolvedOptions().timeZone, {
    month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit",
  });
}

/** A time range in the conference timezone: "Wed, May 13, 9:00 AM – 12:00 PM EDT". */
export function formatRange(start: string | null, end: string | null, timeZone: string): string {
  if (!start) return translate("dates.toBeAnnounced");
  if (!end) return formatDateTime(start, timeZone);
  const sameDay = format(start, timeZone, { dateStyle: "short" }) === format(end, timeZone, { dateStyle: "short" });
  return sameDay
    ? `${format(start, timeZone, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })} – ${format(end, timeZone, { hour: "numeric", minute: "2-digit", timeZoneName: "short" })}`
    : `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
}

/**
 * A deadline to the minute in the reader's own timezone, named: "Sat, Dec 5, 7:48 AM EST".
 * The countdown beside it is what matters; the name keeps the clock time unambiguous.
 */
export function formatDeadlineHere(value: string): string {
  return formatDateTime(value, Intl.DateTimeFormat().resolvedOptions().timeZone);
}

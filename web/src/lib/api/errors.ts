/**
 * Every failure the API client can report, turned into one type the UI knows how to word.
 *
 * The API's error shape is `{"error": {"code", "message", "fields"?}}` (fields only on 422,
 * keyed by the request field, dotted for nested items: `days_attending.0`).
 */

import { translate } from "@/lib/i18n";
import { formatMoney } from "@/utils/money";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** The request never got an answer (offline, DNS, CORS refusal, server down). */
export class NetworkError extends Error {
  override name = "NetworkError";
}

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; fields?: unknown } };

export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as ErrorEnvelope | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${status}`;
  const message = typeof error?.message === "string" && error.message ? error.message : fallbackMessage(status);
  const fields: FieldErrors = {};
  if (error?.fields && typeof error.fields === "object") {
    for (const [name, messages] of Object.entries(error.fields as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === "string") : [];
      if (list.length) fields[name] = list;
    }
  }
  return new ApiError(status, code, message, fields, body);
}

function fallbackMessage(status: number): string {
  if (status === 401) return translate("errors.401");
  if (status === 403) return translate("errors.403");
  if (status === 404) return translate("errors.404");
  if (status === 412) return translate("errors.412");
  if (status === 503) return translate("errors.503");
  if (status >= 500) return translate("errors.5xx");
  return translate("errors.other");
}

/** Words for any error a query or mutation may throw: never raw JSON or a stack trace. */
export function errorToWords(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status >= 500 && error.status !== 503) return fallbackMessage(error.status);
    return sentence(error.message);
  }
  if (error instanceof NetworkError) {
    return translate("errors.network");
  }
  return translate("errors.unexpected");
}

/** Whether trying the same request again could work (network blips, busy or failing server). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

/**
 * Assigns each server field error to the closest field the form shows: `days_attending.0`
 * lands on `days_attending`; errors for fields the form does not know are returned apart
 * so they can be shown at the top of the form instead of being lost.
 */
export function placeFieldErrors(
  fields: FieldErrors,
  known: readonly string[],
): { placed: Record<string, string>; unplaced: string[] } {
  const placed: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [path, messages] of Object.entries(fields)) {
    const parts = path.split(".");
    let target: string | undefined;
    while (parts.length) {
      const candidate = parts.join(".");
      if (known.includes(candidate)) {
        target = candidate;
        break;
      }
      parts.pop();
    }
    const text = messages.map(sentence).join(" ");
    if (target) placed[target] = placed[target] ? `${placed[target]} ${text}` : text;
    else unplaced.push(path === "__root__" ? text : `${humanise(path)}: ${text}`);
  }
  return { placed, unplaced };
}

/**
 * The API words field errors as clauses ("must not exceed the approved amount 1400.00"):
 * show them as sentences, with money as everywhere else ("$1,400.00").
 */
export function sentence(message: string): string {
  const text = withMoney(message.trim());
  if (!text) return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Bare decimal amounts ("1400.00", "-50.00") as money; an amount already formatted stays as it is. */
function withMoney(text: string): string {
  return text.replace(/(?<![\d$.,\w])-?\d+\.\d{2}(?![\d.%])/g, (amount) => formatMoney(amount));
}

export function humanise(field: string): string {
  const words = field.replace(/\.\d+$/, "").replace(/[._]/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

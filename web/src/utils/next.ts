/**
 * Where to go after sign-in: only a path of this site. Browsers read `\` as `/` and drop tabs
 * and newlines inside URLs, so `/\evil.example` or `/<tab>/evil.example` would leave the site
 * (or make the router throw): any backslash or control character is refused, and the result
 * must resolve to this origin.
 */
export function safeNext(value: string | null, origin: string = window.location.origin): string {
  if (!value || !value.startsWith("/") || value.startsWith("//")) return "/";
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return "/";
  try {
    const url = new URL(value, origin);
    if (url.origin !== origin) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

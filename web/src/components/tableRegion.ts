/**
 * The box a wide table scrolls in on a phone: a labelled region reachable with Tab, so a
 * keyboard can scroll it (axe-core's scrollable-region-focusable). Spread on the wrapping div:
 * `<div {...tableRegion({ label })}>`; `labelledBy` names a heading's id instead.
 */
export function tableRegion(name: { label: string } | { labelledBy: string }) {
  return {
    className: "table-wrap",
    tabIndex: 0,
    role: "region",
    ...("label" in name ? { "aria-label": name.label } : { "aria-labelledby": name.labelledBy }),
  } as const;
}

/**
 * A small horizontal bar chart (no chart library: the console's charts are a few bars, not
 * worth 50+ KB of JavaScript). Each row is one bar made of one or more stacked segments,
 * with an optional marker (a capacity or a budget line).
 *
 * Drawn with HTML boxes, not an SVG viewBox: a viewBox scales its text with the chart's
 * width (28 px on a wide screen, 9 px on a phone, long labels cut at the edge), while here
 * the labels and values are ordinary text at the page's font size, wrapping when long. A
 * segment that holds something is never thinner than MIN_SEGMENT_PX, so 0.7% still shows.
 *
 * Accessibility: the drawing is decorative (aria-hidden); the same numbers are given as a
 * real table right under it, so screen readers and people who prefer numbers get them all.
 * Colours are paired with the legend's text, never the only carrier of meaning.
 */
import { useId } from "react";

import { useT } from "@/lib/i18n";

export type Tone = "brand" | "ok" | "warn" | "danger" | "muted" | "info";

export type Segment = { label: string; value: number; tone: Tone };
export type BarRow = {
  label: string;
  segments: Segment[];
  /** A line across the bar, e.g. the capacity; with its label for the table. */
  marker?: { label: string; value: number } | undefined;
  /** The text at the bar's end, instead of its formatted total (e.g. "0.7% committed"). */
  valueText?: string | undefined;
};

type Props = {
  title: string;
  rows: BarRow[];
  /** How a value is written in the table and the bar's end label (counts by default). */
  format?: (value: number) => string;
  /** The scale's maximum; by default the largest bar or marker. */
  max?: number;
  caption?: string;
};

/** The thinnest a segment with a value above zero is drawn, in CSS pixels. */
export const MIN_SEGMENT_PX = 4;

/** A value's share of the scale, as a CSS percentage (0-100, never NaN). */
export function percent(value: number, scaleMax: number): number {
  if (!(scaleMax > 0) || !(value > 0)) return 0;
  return Math.round(Math.min((value / scaleMax) * 100, 100) * 1000) / 1000;
}

export function BarChart({ title, rows, format = String, max, caption }: Props) {
  const t = useT();
  const id = useId();
  const totals = rows.map((row) => row.segments.reduce((sum, s) => sum + s.value, 0));
  const scaleMax = Math.max(max ?? 0, ...totals, ...rows.map((r) => r.marker?.value ?? 0), 1);
  const legend = uniqueSegments(rows);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <div className="chart__rows" aria-hidden="true">
        {rows.map((row, index) => (
          <div className="chart__row" key={row.label}>
            <span className="chart__label">{row.label}</span>
            <span className="chart__track">
              {row.segments.map((segment) => (
                <span
                  key={segment.label}
                  className="chart__bar"
                  data-tone={segment.tone}
                  style={{
                    width: `${percent(segment.value, scaleMax)}%`,
                    minWidth: `${segment.value > 0 ? MIN_SEGMENT_PX : 0}px`,
                  }}
                />
              ))}
              {row.marker ? (
                <span
                  className="chart__marker"
                  data-end={percent(row.marker.value, scaleMax) >= 100 ? "" : undefined}
                  style={{ left: `${percent(row.marker.value, scaleMax)}%` }}
                />
              ) : null}
            </span>
            <span className="chart__value">{row.valueText ?? format(totals[index] ?? 0)}</span>
          </div>
        ))}
      </div>
      {legend.length > 1 || rows.some((r) => r.marker) ? (
        <ul className="chart__legend" aria-hidden="true">
          {legend.map((segment) => (
            <li key={segment.label}>
              <span className="chart__swatch" data-tone={segment.tone} />
              {segment.label}
            </li>
          ))}
          {rows.some((r) => r.marker) ? (
            <li>
              <span className="chart__swatch chart__swatch--marker" />
              {rows.find((r) => r.marker)?.marker?.label}
            </li>
          ) : null}
        </ul>
      ) : null}
      {caption ? <p className="chart__caption muted">{caption}</p> : null}
      {/* A table ignores width: 1px, so the wrapper is what hides it (and keeps 375 px pages narrow). */}
      <div className="visually-hidden">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("chart.item")}</th>
            {legend.map((segment) => (
              <th scope="col" key={segment.label}>
                {segment.label}
              </th>
            ))}
            {rows.some((r) => r.marker) ? <th scope="col">{rows.find((r) => r.marker)?.marker?.label}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {legend.map((segment) => {
                const value = row.segments.find((s) => s.label === segment.label)?.value;
                return <td key={segment.label}>{value === undefined ? "—" : format(value)}</td>;
              })}
              {rows.some((r) => r.marker) ? <td>{row.marker ? format(row.marker.value) : "—"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}

function uniqueSegments(rows: BarRow[]): Segment[] {
  const seen = new Map<string, Segment>();
  for (const row of rows) for (const segment of row.segments) if (!seen.has(segment.label)) seen.set(segment.label, segment);
  return [...seen.values()];
}

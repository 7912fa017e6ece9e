/**
 * A small horizontal bar chart in hand-made SVG (no chart library: the console's charts are
 * a few bars, not worth 50+ KB of JavaScript). Each row is one bar made of one or more
 * stacked segments, with an optional marker (a capacity or a budget line).
 *
 * Accessibility: the drawing is decorative (aria-hidden); the same numbers are given as a
 * real table right under it, so screen readers and people who prefer numbers get them all.
 * Colours are paired with the legend's text, never the only carrier of meaning.
 */
import { useId } from "react";

export type Tone = "brand" | "ok" | "warn" | "danger" | "muted" | "info";

export type Segment = { label: string; value: number; tone: Tone };
export type BarRow = {
  label: string;
  segments: Segment[];
  /** A line across the bar, e.g. the capacity; with its label for the table. */
  marker?: { label: string; value: number } | undefined;
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

const TONES: Record<Tone, string> = {
  brand: "#1f4fa3",
  ok: "#1d6b33",
  warn: "#b86e00",
  danger: "#a4161a",
  muted: "#8a94a3",
  info: "#5b3fa6",
};

// Drawn at about the size it is shown in a third of the page, so 13px text stays 13px.
const ROW_HEIGHT = 26;
const LABEL_WIDTH = 136;
const WIDTH = 340;
const VALUE_WIDTH = 84;

export function BarChart({ title, rows, format = String, max, caption }: Props) {
  const id = useId();
  const totals = rows.map((row) => row.segments.reduce((sum, s) => sum + s.value, 0));
  const scaleMax = Math.max(max ?? 0, ...totals, ...rows.map((r) => r.marker?.value ?? 0), 1);
  const barWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const legend = uniqueSegments(rows);
  const height = rows.length * ROW_HEIGHT + 4;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <svg className="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} aria-hidden="true" focusable="false">
        {rows.map((row, index) => {
          const y = index * ROW_HEIGHT + 4;
          let x = LABEL_WIDTH;
          return (
            <g key={row.label}>
              <text x={LABEL_WIDTH - 6} y={y + 15} textAnchor="end" className="chart__label">
                {truncate(row.label, 20)}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={barWidth} height={ROW_HEIGHT - 8} fill="#eef1f5" />
              {row.segments.map((segment) => {
                const w = (segment.value / scaleMax) * barWidth;
                const rect = <rect key={segment.label} x={x} y={y} width={Math.max(w, 0)} height={ROW_HEIGHT - 8} fill={TONES[segment.tone]} />;
                x += w;
                return rect;
              })}
              {row.marker ? (
                <line
                  x1={LABEL_WIDTH + (row.marker.value / scaleMax) * barWidth}
                  x2={LABEL_WIDTH + (row.marker.value / scaleMax) * barWidth}
                  y1={y - 2}
                  y2={y + ROW_HEIGHT - 6}
                  stroke="#1b1f24"
                  strokeWidth={2}
                  strokeDasharray="3 2"
                />
              ) : null}
              <text x={WIDTH - VALUE_WIDTH + 6} y={y + 15} className="chart__value">
                {format(totals[index] ?? 0)}
              </text>
            </g>
          );
        })}
      </svg>
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
            <th scope="col">Item</th>
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

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

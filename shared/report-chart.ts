/** The two kinds of contribution a participation chart stacks, in drawing order (amendments at the bottom). */
export const SERIES = ['amendments', 'comments'] as const;
export type Series = (typeof SERIES)[number];

/** How many contributions of each kind one day or article had. */
export type Counts = Record<Series, number>;

/** A drawn piece of a stacked bar. */
export interface Segment {
  series: Series;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One bar: its label, its total and its segments, in SVG user units. */
export interface Bar {
  label: string;
  /** Whether the label is drawn (crowded axes show every n-th). */
  showLabel: boolean;
  total: number;
  segments: Segment[];
  /** Where the bar's label and its total sit. */
  labelX: number;
  labelY: number;
  totalX: number;
  totalY: number;
}

/** A laid-out chart: its size, bars, and the value ticks of its axis. */
export interface ChartLayout {
  width: number;
  height: number;
  bars: Bar[];
  ticks: { value: number; at: number }[];
}

/** The smallest "nice" number (1, 2 or 5 times a power of ten) at least `value`, and at least 1. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= value)!;
}

/** Value ticks from 0 to `max` (a nice number), about `count` of them, on whole numbers. */
function ticksOf(max: number, count: number): number[] {
  const step = Math.max(1, niceCeiling(max / count));
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return ticks;
}

const totalOf = (c: Counts) => SERIES.reduce((n, s) => n + c[s], 0);

/**
 * Vertical stacked bars, one per entry (contributions per day), fitting `width` × `height`. Labels are thinned so
 * that no two overlap (at most one per `minLabelGap` units); totals sit above their bar.
 */
export function layoutColumns(entries: { label: string; counts: Counts }[], size: { width: number; height: number; minLabelGap?: number }): ChartLayout {
  const margin = { top: 18, right: 8, bottom: 24, left: 32 };
  const plotWidth = Math.max(1, size.width - margin.left - margin.right);
  const plotHeight = Math.max(1, size.height - margin.top - margin.bottom);
  const max = niceCeiling(Math.max(0, ...entries.map((e) => totalOf(e.counts))));
  const slot = entries.length ? plotWidth / entries.length : plotWidth;
  const barWidth = Math.max(1, Math.min(48, slot * 0.7));
  const every = Math.max(1, Math.ceil((size.minLabelGap ?? 64) / slot));
  const scale = (v: number) => (v / max) * plotHeight;
  const bars = entries.map((entry, i): Bar => {
    const x = margin.left + i * slot + (slot - barWidth) / 2;
    let base = margin.top + plotHeight;
    const segments = SERIES.map((series): Segment => {
      const height = scale(entry.counts[series]);
      base -= height;
      return { series, value: entry.counts[series], x, y: base, width: barWidth, height };
    });
    const total = totalOf(entry.counts);
    return {
      label: entry.label,
      showLabel: i % every === 0 || i === entries.length - 1,
      total,
      segments,
      labelX: x + barWidth / 2,
      labelY: margin.top + plotHeight + 16,
      totalX: x + barWidth / 2,
      totalY: base - 4,
    };
  });
  // The last label is always shown: drop the thinned one just before it if the two would overlap.
  const last = bars.length - 1;
  const previous = bars.findLastIndex((b, i) => i < last && b.showLabel);
  if (previous >= 0 && (last - previous) * slot < (size.minLabelGap ?? 64)) bars[previous]!.showLabel = false;
  return { width: size.width, height: size.height, bars, ticks: ticksOf(max, 4).map((value) => ({ value, at: margin.top + plotHeight - scale(value) })) };
}

/** Horizontal stacked bars, one row per entry (contributions per article), `rowHeight` apart, fitting `width`. */
export function layoutRows(entries: { label: string; counts: Counts }[], size: { width: number; rowHeight?: number; labelWidth?: number }): ChartLayout {
  const rowHeight = size.rowHeight ?? 24;
  const labelWidth = size.labelWidth ?? 72;
  const margin = { top: 4, right: 36, bottom: 4 };
  const plotWidth = Math.max(1, size.width - labelWidth - margin.right);
  const max = niceCeiling(Math.max(0, ...entries.map((e) => totalOf(e.counts))));
  const barHeight = rowHeight * 0.7;
  const bars = entries.map((entry, i): Bar => {
    const y = margin.top + i * rowHeight + (rowHeight - barHeight) / 2;
    let x = labelWidth;
    const segments = SERIES.map((series): Segment => {
      const width = (entry.counts[series] / max) * plotWidth;
      const segment = { series, value: entry.counts[series], x, y, width, height: barHeight };
      x += width;
      return segment;
    });
    return { label: entry.label, showLabel: true, total: totalOf(entry.counts), segments, labelX: labelWidth - 8, labelY: y + barHeight / 2, totalX: x + 6, totalY: y + barHeight / 2 };
  });
  return {
    width: size.width,
    height: margin.top + margin.bottom + entries.length * rowHeight,
    bars,
    ticks: ticksOf(max, 4).map((value) => ({ value, at: labelWidth + (value / max) * plotWidth })),
  };
}

import { describe, expect, it } from 'vitest';
import { layoutColumns, layoutRows, niceCeiling } from '../../shared/report-chart.js';

const day = (label: string, amendments: number, comments: number) => ({ label, counts: { amendments, comments } });

describe('participation chart layout', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 40, 51, 230].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 100, 500]);
  });

  it('stacks amendments under comments, heights in proportion, inside the chart', () => {
    const chart = layoutColumns([day('03-01', 2, 3), day('03-02', 0, 0), day('03-03', 10, 0)], { width: 300, height: 200 });
    const [first, empty, busiest] = chart.bars;
    const [amendments, comments] = first!.segments;
    expect(amendments!.series).toBe('amendments');
    expect(comments!.y + comments!.height).toBeCloseTo(amendments!.y);
    expect(comments!.height / amendments!.height).toBeCloseTo(3 / 2);
    expect(empty!.segments.every((s) => s.height === 0)).toBe(true);
    expect(busiest!.segments[0]!.height).toBeCloseTo(busiest!.segments[0]!.y + busiest!.segments[0]!.height - chart.ticks.at(-1)!.at);
    expect(chart.bars.map((b) => b.total)).toEqual([5, 0, 10]);
    for (const s of chart.bars.flatMap((b) => b.segments)) {
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x + s.width).toBeLessThanOrEqual(300);
      expect(s.y).toBeGreaterThanOrEqual(0);
      expect(s.y + s.height).toBeLessThanOrEqual(200);
    }
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 5, 10]);
  });

  it('thins the day labels so they never crowd, always keeping the first and the last', () => {
    const days = Array.from({ length: 30 }, (_, i) => day(`d${i}`, 1, 1));
    const chart = layoutColumns(days, { width: 320, height: 160, minLabelGap: 48 });
    const shown = chart.bars.filter((b) => b.showLabel);
    expect(shown[0]!.label).toBe('d0');
    expect(shown.at(-1)!.label).toBe('d29');
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.labelX - shown[i - 1]!.labelX).toBeGreaterThanOrEqual(48);
  });

  it('draws one row per article, widths in proportion, the total after the bar', () => {
    const chart = layoutRows([day('Art. 1', 1, 1), day('Art. 2', 4, 0)], { width: 400, rowHeight: 20, labelWidth: 60 });
    expect(chart.height).toBe(48);
    const [one, two] = chart.bars;
    expect(one!.segments[0]!.x).toBe(60);
    expect(two!.segments[0]!.width).toBeCloseTo(2 * (one!.segments[0]!.width + one!.segments[1]!.width));
    expect(two!.totalX).toBeGreaterThan(two!.segments[1]!.x + two!.segments[1]!.width);
    expect(two!.totalX).toBeLessThan(400);
  });

  it('lays out an empty consultation without dividing by zero', () => {
    const chart = layoutColumns([], { width: 200, height: 100 });
    expect(chart.bars).toEqual([]);
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 1]);
    expect(layoutRows([], { width: 200 }).height).toBe(8);
  });
});

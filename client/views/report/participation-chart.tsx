import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/index.js';
import { layoutColumns, layoutRows, SERIES, type ChartLayout, type Counts } from '../../../shared/report-chart.js';

/** The width of an element, followed as it resizes (the chart is laid out in real pixels, so text stays legible). */
function useWidth(fallback: number): [ref: preact.RefObject<HTMLDivElement>, width: number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(240, Math.floor(element.clientWidth))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Fills told apart without colour: amendments solid, comments hatched (both with a dark outline). */
function Patterns({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" class="chart-comments-bg" />
        <line x1="0" y1="0" x2="0" y2="6" class="chart-hatch" />
      </pattern>
    </defs>
  );
}

const fillOf = (id: string, series: string) => (series === 'comments' ? `url(#${id}-hatch)` : undefined);

function Bars({ id, chart, horizontal }: { id: string; chart: ChartLayout; horizontal: boolean }) {
  return (
    <>
      {chart.bars.map((bar) => (
        <g>
          {bar.segments.map((s) => s.value > 0 && <rect class={`chart-${s.series}`} x={s.x} y={s.y} width={s.width} height={s.height} fill={fillOf(id, s.series)} />)}
          {bar.showLabel && (
            <text class="chart-label" x={bar.labelX} y={bar.labelY} text-anchor={horizontal ? 'end' : 'middle'} dominant-baseline={horizontal ? 'middle' : undefined}>
              {bar.label}
            </text>
          )}
          {bar.total > 0 && (
            <text class="chart-total" x={bar.totalX} y={bar.totalY} text-anchor={horizontal ? 'start' : 'middle'} dominant-baseline={horizontal ? 'middle' : undefined}>
              {bar.total}
            </text>
          )}
        </g>
      ))}
    </>
  );
}

/** The key of the chart: a swatch with its pattern and the series' name. */
export function ChartLegend({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <ul class="chart-legend" aria-hidden="true">
      {SERIES.map((series) => (
        <li>
          <svg width="14" height="14" class="chart-swatch">
            <Patterns id={`${id}-key`} />
            <rect class={`chart-${series}`} x="0.5" y="0.5" width="13" height="13" fill={fillOf(`${id}-key`, series)} />
          </svg>
          {t(`report.series.${series}`)}
        </li>
      ))}
    </ul>
  );
}

type Entry = { label: string; counts: Counts };

/** The chart as a table, for screen readers and anyone who wants the figures. */
function ChartTable({ caption, entries, head }: { caption: string; entries: Entry[]; head: string }) {
  const { t } = useI18n();
  return (
    <details class="chart-table">
      <summary>{t('report.chartAsTable')}</summary>
      <table class="report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {SERIES.map((s) => (
              <th scope="col">{t(`report.series.${s}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <th scope="row">{e.label}</th>
              {SERIES.map((s) => (
                <td>{e.counts[s]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/**
 * A participation chart in plain SVG: stacked columns (per day) or rows (per article), amendments solid and
 * comments hatched, every bar's total written on it; the figures also as a table.
 */
export function ParticipationChart({ id, title, summary, head, entries, shape }: { id: string; title: string; summary: string; head: string; entries: Entry[]; shape: 'columns' | 'rows' }) {
  const [ref, width] = useWidth(640);
  const chart = shape === 'columns' ? layoutColumns(entries, { width, height: 200, minLabelGap: 56 }) : layoutRows(entries, { width, rowHeight: 26, labelWidth: 96 });
  return (
    <figure class="report-chart" data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <ChartLegend id={id} />
      <div ref={ref} class="chart-frame">
        <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`}>
          <desc id={`${id}-summary`}>{summary}</desc>
          <Patterns id={id} />
          {chart.ticks.map((tick) =>
            shape === 'columns' ? (
              <g class="chart-grid">
                <line x1="32" x2={chart.width - 8} y1={tick.at} y2={tick.at} />
                <text x="26" y={tick.at} text-anchor="end" dominant-baseline="middle">
                  {tick.value}
                </text>
              </g>
            ) : (
              <line class="chart-grid" x1={tick.at} x2={tick.at} y1="0" y2={chart.height} />
            ),
          )}
          <Bars id={id} chart={chart} horizontal={shape === 'rows'} />
        </svg>
      </div>
      <ChartTable caption={title} entries={entries} head={head} />
    </figure>
  );
}

/**
 * The cumulative distribution of downtimes, one line per election-timeout range, in one figure, as the Raft
 * paper's Figure 16 draws it. Vega builds the figure from a declarative spec and renders SVG headlessly (no
 * canvas, no browser). The time axis is logarithmic because the ranges differ by orders of magnitude: a few
 * hundred milliseconds with enough randomness, tens of seconds without it.
 */
import { parse, View, type Spec } from 'vega';

/**
 * One line of the figure: its legend label and the measured downtimes in milliseconds. Trials that never elected
 * a leader before the limit are censored: their downtime is only known to exceed `limit`, so they count in the
 * whole (the line never reaches 100%) but are drawn nowhere; the line runs flat to the limit and stops.
 */
export interface CdfSeries {
  readonly label: string;
  readonly values: readonly number[];
  /** Trials given up at `limit` ms without a leader (default 0). */
  readonly censored?: number;
  readonly limit?: number;
}

export interface Point {
  readonly series: string;
  readonly order: number;
  readonly ms: number;
  readonly percent: number;
}

/**
 * The points of a step CDF: 0% just at the smallest value, then k/n of all trials at the k-th smallest, n counting
 * the censored ones; with censored trials, a last point at the limit at the same height (the curve stays flat: a
 * censored trial is not a leader elected at the limit).
 */
export function cdfPoints(s: CdfSeries): Point[] {
  const sorted = [...s.values].sort((a, b) => a - b);
  const censored = s.censored ?? 0;
  const n = sorted.length + censored;
  const first = sorted[0] ?? s.limit;
  if (first === undefined || n === 0) return [];
  const points = [
    { series: s.label, order: 0, ms: first, percent: 0 },
    ...sorted.map((ms, k) => ({ series: s.label, order: k + 1, ms, percent: (100 * (k + 1)) / n })),
  ];
  if (censored > 0 && s.limit !== undefined) {
    points.push({ series: s.label, order: sorted.length + 1, ms: s.limit, percent: (100 * sorted.length) / n });
  }
  return points;
}

/**
 * From a round number (1, 2 or 5 times a power of ten) below the data to a little past its maximum, so that a
 * line ending at the maximum (trials given up at the limit) stays visible instead of merging with the frame.
 */
function logDomain(points: readonly Point[]): [number, number] {
  const values = points.map((p) => Math.max(p.ms, 1));
  const min = Math.min(...values);
  const decade = 10 ** Math.floor(Math.log10(min));
  const lo = [5, 2, 1].map((m) => m * decade).find((x) => x <= min) ?? decade;
  return [lo, Math.max(Math.max(...values) * 1.15, lo * 10)];
}

/** The Vega spec of the figure. */
export function cdfSpec(series: readonly CdfSeries[], title: string): Spec {
  const points = series.flatMap(cdfPoints);
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 640,
    height: 320,
    padding: 10,
    background: 'white',
    title: { text: title, fontSize: 13 },
    data: [{ name: 'cdf', values: points }],
    scales: [
      { name: 'x', type: 'log', domain: logDomain(points), range: 'width', clamp: true },
      { name: 'y', type: 'linear', domain: [0, 100], range: 'height' },
      {
        name: 'color',
        type: 'ordinal',
        domain: series.map((s) => s.label),
        range: 'category',
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'time without leader (ms)', grid: true, format: '~s' },
      { orient: 'left', scale: 'y', title: 'cumulative percent', grid: true },
    ],
    legends: [{ stroke: 'color', title: 'election timeout', orient: 'right', symbolType: 'stroke', labelLimit: 320 }],
    marks: [
      {
        type: 'group',
        from: { facet: { name: 'one', data: 'cdf', groupby: 'series' } },
        marks: [
          {
            type: 'line',
            from: { data: 'one' },
            sort: { field: 'datum.order' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'ms' },
                y: { scale: 'y', field: 'percent' },
                stroke: { scale: 'color', field: 'series' },
                strokeWidth: { value: 1.5 },
                interpolate: { value: 'step-after' },
              },
            },
          },
        ],
      },
    ],
  };
}

/** The figure as an SVG document. */
export async function renderCdfSvg(series: readonly CdfSeries[], title: string): Promise<string> {
  const view = new View(parse(cdfSpec(series, title)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

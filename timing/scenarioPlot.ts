/**
 * The figure of an availability scenario (scenarios.ts): one bar group per configuration (the variants that were
 * on), in two panels side by side: the percentage of trials disrupted, and the downtime (mean and p99). The
 * figures are drawn with their values written on the bars, so the SVG reads without the terminal output.
 */
import { parse, View, type Mark, type Spec } from 'vega';

/** One configuration's figures. */
export interface ScenarioBar {
  /** The configuration, for example "prevote" or "no variant". */
  readonly label: string;
  readonly trials: number;
  readonly disruptions: number;
  readonly meanMs: number;
  readonly p99Ms: number;
}

interface Row {
  readonly label: string;
  readonly measure: string;
  readonly value: number;
}

const PANEL_WIDTH = 300;
const PANEL_GAP = 90;
const HEIGHT = 240;

/** The rows of one panel's data set. */
export function scenarioRows(bars: readonly ScenarioBar[]): { disrupted: Row[]; downtime: Row[] } {
  return {
    disrupted: bars.map((b) => ({ label: b.label, measure: 'disrupted', value: (100 * b.disruptions) / b.trials })),
    downtime: bars.flatMap((b) => [
      { label: b.label, measure: 'mean', value: b.meanMs },
      { label: b.label, measure: 'p99', value: b.p99Ms },
    ]),
  };
}

/** A panel at `x`: grouped bars of data set `data` by label, then by measure, with the values written above. */
function panel(x: number, data: string, title: string, labels: readonly string[], measures: readonly string[]): Mark {
  const barX = "scale('x', datum.label) + scale('inner', datum.measure)";
  return {
    type: 'group',
    encode: { enter: { x: { value: x }, width: { value: PANEL_WIDTH }, height: { value: HEIGHT } } },
    title: { text: title, fontSize: 12 },
    scales: [
      { name: 'x', type: 'band', domain: [...labels], range: [0, PANEL_WIDTH], padding: 0.2 },
      { name: 'inner', type: 'band', domain: [...measures], range: [0, { signal: "bandwidth('x')" }] },
      { name: 'y', type: 'linear', domain: { data, field: 'value' }, range: [HEIGHT, 0], nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: [...measures], range: 'category' },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', labelAngle: -20, labelAlign: 'right', labelLimit: 220 },
      { orient: 'left', scale: 'y', grid: true },
    ],
    ...(measures.length > 1 ? { legends: [{ fill: 'color', orient: 'right' }] } : {}),
    marks: [
      {
        type: 'rect',
        from: { data },
        encode: {
          enter: {
            x: { signal: barX },
            width: { scale: 'inner', band: 1 },
            y: { scale: 'y', field: 'value' },
            y2: { scale: 'y', value: 0 },
            fill: { scale: 'color', field: 'measure' },
          },
        },
      },
      {
        type: 'text',
        from: { data },
        encode: {
          enter: {
            x: { signal: `${barX} + bandwidth('inner') / 2` },
            y: { scale: 'y', field: 'value', offset: -3 },
            align: { value: 'center' },
            fontSize: { value: 9 },
            text: { signal: "format(datum.value, '.0f')" },
          },
        },
      },
    ],
  };
}

/** The Vega spec of the figure. */
export function scenarioSpec(bars: readonly ScenarioBar[], title: string): Spec {
  const rows = scenarioRows(bars);
  const labels = bars.map((b) => b.label);
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 2 * PANEL_WIDTH + PANEL_GAP,
    height: HEIGHT,
    padding: 20,
    background: 'white',
    title: { text: title, fontSize: 13 },
    data: [
      { name: 'disrupted', values: rows.disrupted },
      { name: 'downtime', values: rows.downtime },
    ],
    marks: [
      panel(0, 'disrupted', 'trials disrupted (%)', labels, ['disrupted']),
      panel(PANEL_WIDTH + PANEL_GAP, 'downtime', 'downtime (ms)', labels, ['mean', 'p99']),
    ],
  };
}

/** The figure as an SVG document. */
export async function renderScenarioSvg(bars: readonly ScenarioBar[], title: string): Promise<string> {
  const view = new View(parse(scenarioSpec(bars, title)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

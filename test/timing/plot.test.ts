import { describe, expect, it } from 'vitest';
import { cdfPoints, cdfSpec, renderCdfSvg } from '../../timing/plot.js';

const SERIES = [
  { label: '150-155 ms', values: [300, 100, 200] },
  { label: '150-300 ms', values: [150] },
];

describe('cdfPoints', () => {
  it('draws trials that never elected a leader as censored: the line stays below 100% and runs flat to the limit', () => {
    const points = cdfPoints({ label: 'x', values: [100, 200], censored: 2, limit: 1000 });
    expect(points.map((p) => [p.ms, p.percent])).toEqual([
      [100, 0],
      [100, 25],
      [200, 50],
      [1000, 50],
    ]);
  });

  it('reaches 100% when every trial elected a leader', () => {
    expect(cdfPoints({ label: 'x', values: [3, 1], limit: 10 }).at(-1)).toMatchObject({ ms: 3, percent: 100 });
  });
});

describe('cdfSpec', () => {
  it('draws each range as a step CDF from 0% at its smallest downtime to 100% at its largest', () => {
    const data = cdfSpec(SERIES, 'title').data?.[0];
    const values = (data as { values: { series: string; ms: number; percent: number }[] }).values;
    const first = values.filter((p) => p.series === '150-155 ms').map((p) => [p.ms, Math.round(p.percent)]);
    expect(first).toEqual([
      [100, 0],
      [100, 33],
      [200, 67],
      [300, 100],
    ]);
    expect(values.filter((p) => p.series === '150-300 ms')).toHaveLength(2);
  });
});

describe('renderCdfSvg', () => {
  it('renders an SVG document naming every range in its legend', async () => {
    const svg = await renderCdfSvg(SERIES, 'Time to elect a new leader');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('150-155 ms');
    expect(svg).toContain('150-300 ms');
    expect(svg).toContain('time without leader (ms)');
  });
});

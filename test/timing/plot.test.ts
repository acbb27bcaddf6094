import { describe, expect, it } from 'vitest';
import { cdfSpec, renderCdfSvg } from '../../timing/plot.js';

const SERIES = [
  { label: '150-155 ms', values: [300, 100, 200] },
  { label: '150-300 ms', values: [150] },
];

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

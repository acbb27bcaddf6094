/**
 * The space-time diagram as SVG text, drawn from a `DiagramLayout`. Readable without colour: roles are line
 * styles (a follower's lane is thin, a candidate's dashed, a leader's thick), a lost message ends in a cross, one
 * still in flight is dashed and open-ended, terms and roles are written out, and the violating row carries a
 * "✗ violates" label. Rows carry `data-row`, so a click can move the stepper to that state. A lasso (a liveness
 * counterexample, ITF with `loop`) has its loop drawn as a bracket beside the lanes, from the last row back up to
 * the loop's first, with the words on both rows ("↻ loop: repeats from here", "↺ back to state N").
 */
import type { Arrow, DiagramLayout, Mark } from './layout.js';

export const GEOMETRY = { left: 44, top: 44, laneGap: 130, rowGap: 30, charWidth: 6.7 } as const;

/** What to draw besides the layout: the state shown, the violating state, and each row's action label. */
export interface DiagramOptions {
  readonly cursor: number;
  readonly violation?: { readonly row: number; readonly invariants: readonly string[] };
  readonly labels: readonly (string | null)[];
  /** The row where a lasso's loop starts; its last row is that state again (terms renamed under relative terms). */
  readonly loop?: number;
}

/** Text safe inside SVG or HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function laneX(lane: number): number {
  return GEOMETRY.left + GEOMETRY.laneGap / 2 + lane * GEOMETRY.laneGap;
}

export function rowY(row: number): number {
  return GEOMETRY.top + row * GEOMETRY.rowGap;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function arrowSvg(a: Arrow, faded: boolean): string {
  const x1 = laneX(a.from.lane);
  const y1 = rowY(a.from.row);
  let x2 = laneX(a.to.lane);
  let y2 = rowY(a.to.row);
  if (a.fate === 'in-flight') y2 = rowY(a.to.row) + GEOMETRY.rowGap * 0.7;
  const self = a.from.lane === a.to.lane;
  if (a.fate === 'dropped') {
    // A lost copy stops short of its destination, where the cross is drawn.
    x2 = self ? x1 + 24 : x1 + (x2 - x1) * 0.6;
  }
  const cls = ['msg', a.fate, ...(a.duplicate ? ['duplicate'] : []), ...(faded ? ['faded'] : [])].join(' ');
  const end = a.fate === 'dropped' ? '' : ' marker-end="url(#arrowhead)"';
  const d =
    self && a.fate !== 'dropped'
      ? `M${fmt(x1)},${fmt(y1)} C${fmt(x1 + 40)},${fmt(y1)} ${fmt(x2 + 40)},${fmt(y2)} ${fmt(x2 + 3)},${fmt(y2)}`
      : `M${fmt(x1)},${fmt(y1)} L${fmt(x2)},${fmt(y2)}`;
  const cross =
    a.fate === 'dropped'
      ? `<path class="cross" d="M${fmt(x2 - 5)},${fmt(y2 - 5)} L${fmt(x2 + 5)},${fmt(y2 + 5)} M${fmt(x2 - 5)},${fmt(y2 + 5)} L${fmt(x2 + 5)},${fmt(y2 - 5)}"/>`
      : '';
  const lx = self ? x1 + 34 : (x1 + x2) / 2;
  const ly = (y1 + y2) / 2;
  const fate = a.fate === 'received' ? 'received' : a.fate === 'dropped' ? 'lost' : 'still in flight';
  const title = `${a.title} (${a.duplicate ? 'duplicated, ' : ''}${fate})`;
  return (
    `<g class="${cls}"><title>${escapeXml(title)}</title><path d="${d}"${end}/>${cross}` +
    `<text class="msg-label" x="${fmt(lx)}" y="${fmt(ly - 3)}" text-anchor="middle">${escapeXml(a.label)}</text></g>`
  );
}

function markSvg(m: Mark, faded: boolean): string {
  const x = laneX(m.lane);
  const y = rowY(m.row);
  const left = m.kind === 'term';
  const tx = left ? x - 8 : x + 8;
  const cls = `mark ${m.kind}${faded ? ' faded' : ''}`;
  const text = m.kind === 'role' && m.text === 'Leader' ? '★ Leader' : m.text;
  return `<text class="${cls}" x="${fmt(tx)}" y="${fmt(y + 4)}" text-anchor="${left ? 'end' : 'start'}">${escapeXml(text)}</text>`;
}

function violates(options: DiagramOptions): string {
  return `  ✗ violates ${options.violation?.invariants.join(', ') ?? ''}`;
}

/** Room beside the lanes for a loop's bracket. */
const LOOP_GUTTER = 20;

/** What a row's label says of the loop: where it starts and where it returns. */
function loopText(row: number, rows: number, loop: number | undefined): string {
  if (loop === undefined) return '';
  if (row === rows - 1) return loop === rows - 1 ? '  ↻ stutters here forever' : `  ↺ back to state ${loop + 1}`;
  return row === loop ? '  ↻ loop: repeats from here' : '';
}

/** The loop's bracket: from the last row, up beside the lanes, and back into the loop's first row. */
function loopSvg(loop: number, rows: number, x: number): string {
  const top = rowY(loop);
  const bottom = rowY(rows - 1);
  const d =
    loop === rows - 1
      ? `M${fmt(x - 6)},${fmt(top + 6)} C${fmt(x + 10)},${fmt(top + 14)} ${fmt(x + 10)},${fmt(top - 14)} ${fmt(x - 6)},${fmt(top - 4)}`
      : `M${fmt(x - 6)},${fmt(bottom)} H${fmt(x + 6)} V${fmt(top)} H${fmt(x - 4)}`;
  return (
    `<g class="loop" data-loop-start="${loop}" data-loop-end="${rows - 1}"><title>the behaviour repeats states ` +
    `${loop + 1} to ${rows} forever</title><path d="${d}" marker-end="url(#loophead)"/></g>`
  );
}

/** The diagram of a whole behaviour; rows after the cursor (the forward history) are faded. */
export function renderDiagram(layout: DiagramLayout, options: DiagramOptions): string {
  const n = layout.servers.length;
  const loop = options.loop !== undefined && options.loop < layout.rows ? options.loop : undefined;
  const loopX = GEOMETRY.left + n * GEOMETRY.laneGap + 8;
  const labelX = GEOMETRY.left + n * GEOMETRY.laneGap + 12 + (loop === undefined ? 0 : LOOP_GUTTER);
  const texts = options.labels.map(
    (l, row) =>
      (l ?? 'Init') + (options.violation?.row === row ? violates(options) : '') + loopText(row, layout.rows, loop),
  );
  const width = Math.ceil(labelX + 16 + GEOMETRY.charWidth * Math.max(20, ...texts.map((t) => t.length)));
  const height = rowY(Math.max(layout.rows - 1, 0)) + GEOMETRY.rowGap * 1.5;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="${width}" height="${fmt(height)}" ` +
      `viewBox="0 0 ${width} ${fmt(height)}" role="img" aria-label="Space-time diagram: ${n} servers, ${layout.rows} states">`,
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ' +
      'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>' +
      (loop === undefined
        ? ''
        : '<marker id="loophead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" ' +
          'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>') +
      '</defs>',
  );
  for (let row = 0; row < layout.rows; row++) {
    const y = rowY(row);
    const classes = ['row'];
    if (row === options.cursor) classes.push('current');
    if (options.violation?.row === row) classes.push('violation');
    if (loop !== undefined && row >= loop) classes.push('in-loop');
    if (row > options.cursor) classes.push('faded');
    parts.push(
      `<g class="${classes.join(' ')}" data-row="${row}"><rect x="0" y="${fmt(y - GEOMETRY.rowGap / 2)}" ` +
        `width="${width}" height="${GEOMETRY.rowGap}"/>` +
        `<text class="step" x="${GEOMETRY.left - 8}" y="${fmt(y + 4)}" text-anchor="end">${row === options.cursor ? '▶ ' : ''}${row + 1}</text>` +
        `<text class="action" x="${labelX}" y="${fmt(y + 4)}">${escapeXml(texts[row] ?? '')}</text></g>`,
    );
  }
  layout.servers.forEach((name, lane) => {
    const x = laneX(lane);
    parts.push(
      `<text class="lane-name" x="${x}" y="${GEOMETRY.top - 22}" text-anchor="middle">${escapeXml(name)}</text>`,
    );
    const roles = layout.roles[lane] ?? [];
    for (let row = 0; row < layout.rows; row++) {
      const y1 = rowY(row);
      const y2 = row === layout.rows - 1 ? y1 + GEOMETRY.rowGap * 0.7 : rowY(row + 1);
      const role = (roles[row] ?? 'Follower').toLowerCase();
      // The segment after state `row` lies ahead of the cursor unless it is the tail of the state shown last.
      const faded = row > options.cursor || (row === options.cursor && row < layout.rows - 1);
      parts.push(`<line class="lane ${role}${faded ? ' faded' : ''}" x1="${x}" y1="${y1}" x2="${x}" y2="${fmt(y2)}"/>`);
    }
  });
  for (const a of layout.arrows) parts.push(arrowSvg(a, a.from.row > options.cursor || a.to.row > options.cursor));
  for (const m of layout.marks) parts.push(markSvg(m, m.row > options.cursor));
  if (loop !== undefined) parts.push(loopSvg(loop, layout.rows, loopX));
  parts.push('</svg>');
  return parts.join('');
}

/** The explorer's view of an etcd trace (traces/etcd/frames.ts): one frame per record, drawn by the page's layout. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { etcdTraceFrames, isEtcdTrace } from '../../explorer/src/engine.js';
import { layoutDiagram } from '../../explorer/src/layout.js';

const TEXT = readFileSync(fileURLToPath(new URL('../fixtures/etcd/walk-reconfig.ndjson', import.meta.url)), 'utf8');

describe('an etcd trace in the explorer', () => {
  it('is told from ITF', () => {
    expect(isEtcdTrace(TEXT)).toBe(true);
    expect(isEtcdTrace('{"#meta": {}, "vars": [], "states": []}')).toBe(false);
  });

  it('gives one frame per record after the initial state, servers named by their etcd ids', () => {
    const read = etcdTraceFrames(TEXT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const records = TEXT.trimEnd().split('\n').length;
    expect(read.value.frames).toHaveLength(records + 1);
    expect(read.value.rejected).toBeUndefined();
    expect(read.value.labels[1]).toMatch(/^line 1: InitState 1$/);
    const layout = layoutDiagram(read.value.frames);
    expect(layout.servers).toEqual(['1', '2', '3', '4']);
    // Messages the trace says were received are drawn as received arrows.
    expect(layout.arrows.filter((a) => a.fate === 'received').length).toBeGreaterThan(10);
  });

  it('ends a rejected trace with the rejected record, marked, and says why', () => {
    const lines = TEXT.trimEnd().split('\n');
    const k = lines.findIndex((l) => l.includes('"name":"Commit"'));
    lines[k] = lines[k]!.replace(/"commit":(\d+)/, (_, n: string) => `"commit":${Number(n) + 1}`);
    const read = etcdTraceFrames(lines.join('\n'));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.rejected?.row).toBe(read.value.frames.length - 1);
    expect(read.value.labels[read.value.rejected!.row]).toMatch(new RegExp(`^line ${k + 1}: Commit `));
    expect(read.value.verdict).toMatch(new RegExp(`^rejected at line ${k + 1}: after AdvanceCommitIndex`));
  });

  it('names a malformed record in one line', () => {
    const read = etcdTraceFrames(
      TEXT.split('\n').slice(0, 3).join('\n') + '\n{"msg":"trace","tag":"trace","event":{}}\n',
    );
    expect(read).toEqual({ ok: false, error: 'line 4: malformed trace record: event.name must be a string' });
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/raft-check.js', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../../traces/scenarios/', import.meta.url));

/** Runs the built CLI (`npm test` builds dist first). */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'validate', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// One folder for every file the tests write, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'raft-check-validate-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
let files = 0;

function file(text: string): string {
  const path = join(scratch, `events-${files++}.ndjson`);
  writeFileSync(path, text);
  return path;
}

describe('raft-check validate', () => {
  it('exits 0 and says how many events it validated for the split-brain scenario', () => {
    const r = cli(join(SCENARIOS, 'split-brain.ndjson'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^validated 75 events$/m);
    expect(r.stdout).toMatch(/^peak frontier: \d+ states? /m);
    expect(r.stderr).toMatch(/^line 2 timeout B: frontier 1$/m);
  });

  it('exits 1 at the broken commit with the last matched event, a candidate and the missing quorum', () => {
    const r = cli(join(SCENARIOS, 'split-brain-bad-commit.ndjson'), '--quiet');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^rejected event 54 \(line 55\): \{"type": "commit", "server": "B", "commitIndex": 2/m);
    expect(r.stdout).toMatch(/^last matched: event 53 \(line 54\)/m);
    expect(r.stdout).toContain('  s2 Leader term 2');
    expect(r.stdout).toContain(
      "why: s2's commit index cannot reach 2: only {s1, s2} hold index 2; a quorum of 5 needs 3",
    );
    expect(r.stderr).toBe('');
  });

  it('lets command-line flags override the header', () => {
    const r = cli(join(SCENARIOS, 'split-brain.ndjson'), '--quiet', '--max-term', '2');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('the step would break the bound maxTerm 2');
  });

  it.each([
    ['a line that is not JSON', '{"type":"timeout","server":"s1"}\nnot json\n', [], 'line 2: not JSON'],
    ['a server outside the configuration', '{"type":"timeout","server":"s4"}\n', [], "line 1: server 's4'"],
    [
      'a header flag out of range',
      '{"type":"header","flags":{"max-term":0}}\n',
      [],
      'line 1: --max-term must be an integer from',
    ],
    [
      'a header that disagrees with the flags',
      '{"type":"header","servers":["A","B"]}\n',
      ['--servers', '3'],
      '--servers 3 disagrees',
    ],
  ])('exits 2 with one line for %s', (_, text, flags, message) => {
    const path = file(text);
    const r = cli(path, ...flags);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`raft-check: `);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 without a file or with a missing one', () => {
    expect(cli().status).toBe(2);
    const r = cli('/nonexistent/events.ndjson');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^raft-check: cannot read \/nonexistent\/events.ndjson/);
  });
});

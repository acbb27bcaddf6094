/**
 * What a new user tripped over, end to end through the built bin (npm test builds dist/ first): bad input gets one
 * line and a non-zero exit, long runs can be interrupted without losing what they did, and output files are
 * written with care.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/raft-check.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'defects-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 and exactly `line` on stderr, nothing on stdout. */
function refused(args: string[], line: string | RegExp): void {
  const r = run(...args);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof line === 'string') expect(r.stderr).toBe(`raft-check: ${line}\n`);
  else expect(r.stderr.trimEnd()).toMatch(line);
  expect(r.status).toBe(2);
}

const TINY = ['--servers', '2', '--max-term', '2', '--max-log', '0', '--quiet'];
const DOUBLE_VOTE = [...TINY, '--no-restart', '--no-drop', '--bug', 'double-vote'];

describe('flags', () => {
  it('prints the package version with --version', () => {
    const version = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(run('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it.each([
    [['--servers', '-1'], '--servers must be an integer from 1 to 7, got -1'],
    [['simulate', '--max-depth', '-3'], '--max-depth must be an integer from 1 to 1000000, got -3'],
    [['--servers', '2', '--servers', '3'], '--servers is given twice; give it once'],
    [['--restart', '--restart'], '--restart is given twice; give it once'],
    [['--bug', ''], "--bug takes one or more names, got ''"],
    [['--invariants', ''], "--invariants takes one or more names, got ''"],
  ])('refuses %j with one line', (args, line) => {
    refused(args, line);
  });

  it('still takes a repeatable flag more than once', () => {
    const r = run(...TINY, '--bug', 'double-vote', '--bug', 'stale-vote-count');
    expect(r.stdout).toContain('bug double-vote+stale-vote-count');
  });

  it('says "1 server", not "1 servers"', () => {
    expect(run('--servers', '1', '--max-term', '2', '--max-log', '0', '--quiet').stdout).toMatch(
      /^model: 1 server, 1 value,/,
    );
  });
});

describe('the exit code does not depend on stderr', () => {
  it('exits 1 on a violation with stderr closed, as with it open', () => {
    const args = [BIN, ...DOUBLE_VOTE.filter((a) => a !== '--quiet')].map((a) => `'${a}'`).join(' ');
    const closed = spawnSync('bash', ['-c', `'${process.execPath}' ${args} 2>&-`], { encoding: 'utf8' });
    expect(closed.stdout).toContain('result: VIOLATION of VotesGrantedExclusive');
    expect(closed.status).toBe(1);
  });
});

describe('validate', () => {
  it('refuses an empty file and a header alone: an empty log validates nothing', () => {
    writeFileSync(join(dir, 'empty.ndjson'), '');
    refused(['validate', 'empty.ndjson'], 'empty.ndjson: no events; an empty log validates nothing');
    writeFileSync(join(dir, 'header.ndjson'), '{"type": "header", "servers": ["a", "b", "c"]}\n');
    refused(['validate', 'header.ndjson'], 'header.ndjson: no events after the header; an empty log validates nothing');
  });

  it('refuses an event that names a field twice', () => {
    writeFileSync(join(dir, 'dup.ndjson'), '{"type": "timeout", "server": "s1", "term": 2, "term": 3}\n');
    refused(['validate', 'dup.ndjson'], "dup.ndjson line 1: malformed: key 'term' appears twice");
  });

  it('says "1 event" and prints one JSON object with --json', () => {
    writeFileSync(join(dir, 'one.ndjson'), '{"type": "timeout", "server": "s1", "term": 2, "role": "Candidate"}\n');
    const text = run('validate', 'one.ndjson', '--quiet');
    expect(text.stdout).toContain('validated 1 event\n');
    const json = run('validate', 'one.ndjson', '--json');
    expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ result: 'validated', events: 1 });
    expect(json.status).toBe(0);
  });
});

describe('replay', () => {
  const written = (name: string): Record<string, unknown> => {
    run('check', ...DOUBLE_VOTE, '--out', name);
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
  };

  it('refuses a state that names a variable twice', () => {
    run('check', ...DOUBLE_VOTE, '--out', 'twice.itf.json');
    const text = readFileSync(join(dir, 'twice.itf.json'), 'utf8').replace(
      '"commitIndex":',
      '"state":"x","commitIndex":',
    );
    writeFileSync(join(dir, 'twice.itf.json'), text);
    refused(
      ['replay', 'twice.itf.json'],
      /^raft-check: twice\.itf\.json: malformed: key 'state' appears twice in states\[0\]$/,
    );
  });

  it('reports an action name the model does not know as unknown', () => {
    const trace = written('unknown.itf.json') as { states: Record<string, unknown>[] };
    trace.states[1]!.action = 'Elect s1';
    writeFileSync(join(dir, 'unknown.itf.json'), JSON.stringify(trace));
    const r = run('replay', 'unknown.itf.json', '--bug', 'double-vote');
    expect(r.stdout.split('\n')[0]).toBe(
      "state 2 (states[1]) (Elect s1) does not follow: the model has no action named 'Elect'",
    );
    expect(r.status).toBe(1);
  });

  it('says to pass --servers when a trace without #meta does not fit the default sizes', () => {
    const trace = written('nometa.itf.json');
    delete trace['#meta'];
    writeFileSync(join(dir, 'nometa.itf.json'), JSON.stringify(trace));
    // The trace has two servers; without #meta the default is three.
    refused(
      ['replay', 'nometa.itf.json'],
      /no entry for server s3 \(the trace has no raft-check #meta to give the sizes: pass --servers and --values\)$/,
    );
    expect(run('replay', 'nometa.itf.json', '--servers', '2', '--bug', 'double-vote').status).toBe(0);
  });

  it('confirms a counterexample, in one JSON object with --json', () => {
    written('cex.itf.json');
    const r = run('replay', 'cex.itf.json', '--bug', 'double-vote', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({
      result: 'ok',
      violation: { invariant: 'VotesGrantedExclusive', index: 8, state: 9 },
    });
    expect(r.status).toBe(0);
  });
});

describe('--out and --plot', () => {
  it('refuses a directory, a symbolic link and a device before the run', () => {
    mkdirSync(join(dir, 'adir'), { recursive: true });
    symlinkSync('/dev/null', join(dir, 'link.itf.json'));
    refused(['check', ...DOUBLE_VOTE, '--out', 'adir'], '--out: adir is a directory; refusing to replace it');
    refused(
      ['check', ...DOUBLE_VOTE, '--out', 'link.itf.json'],
      '--out: link.itf.json is a symbolic link; refusing to replace it',
    );
    refused(['simulate', '--walks', '1', '--out', '/dev/null'], '--out: /dev/null is a device; refusing to replace it');
    refused(['election-timing', '--trials', '1', '--plot', 'adir/../adir'], /--plot writes SVG/);
    refused(['election-timing', '--trials', '1', '--plot', 'nodir/x.svg'], '--plot: no directory nodir');
  });

  it('keeps the mode of a file it replaces', () => {
    writeFileSync(join(dir, 'kept.itf.json'), '{}');
    chmodSync(join(dir, 'kept.itf.json'), 0o640);
    expect(run('check', ...DOUBLE_VOTE, '--out', 'kept.itf.json').status).toBe(1);
    expect(statSync(join(dir, 'kept.itf.json')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'kept.itf.json'), 'utf8')).toContain('"states"');
  });
});

/** Starts the bin, sends `signal` once `ready` matches stderr, and resolves with the exit code and output. */
function interrupt(
  args: string[],
  ready: RegExp,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && ready.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('interrupts', () => {
  it('simulate: SIGINT prints the seed and the command that reruns the walks finished, exit 3', async () => {
    const r = await interrupt(['simulate', '--seed', '5', '--seconds', '60'], /^simulate: .* walks/m, 'SIGINT');
    expect(r.stdout).toMatch(
      /result: interrupted after [\d,]+ walks, [\d,]+ steps .* no violation found so far; seed 5/,
    );
    expect(r.stdout).toMatch(/reproduce the [\d,]+ walks finished: raft-check simulate .* --seed 5 --walks \d+/);
    expect(r.code).toBe(3);
  }, 30_000);

  it('bugs: SIGTERM prints the rows done, exit 3', async () => {
    const r = await interrupt(['bugs', '--servers', '2', '--max-term', '3', '--max-log', '0'], /check 2 /, 'SIGTERM');
    expect(r.stdout).toMatch(/result: INTERRUPTED after \d+ of the rows/);
    expect(r.code).toBe(3);
  }, 30_000);
});

/**
 * The `raft-check check` command end to end, through the built bin (dist/ is built by `npm test` before vitest;
 * to run this file alone, build first with `npx tsc -p tsconfig.build.json`).
 */
import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs } from '../../bench/tlcConfigs.js';
import { CHECK_OPTIONS } from '../../cli/commands/check.js';
import { DEFAULT_CONFIG } from '../../spec/raft/config.js';
import { RAFT_INVARIANTS } from '../../spec/raft/invariants.js';
import { raftCheck } from '../fixtures/raftCheckCli.js';

// L1 is the smallest reference configuration: its TLC counts are pinned.
const L1 = findTlcConfig(loadTlcConfigs(), 'L1');
const SMALL = ['--servers', String(L1.servers), '--max-in-flight', String(L1.maxInFlight)];
const SMALL_OK = [...SMALL, '--no-restart', '--no-duplicate', '--no-drop', '--quiet'];
const DOUBLE_VOTE = [...SMALL_OK, '--bug', 'double-vote'];

const n = (x: number): string => x.toLocaleString('en-US');

describe.concurrent('raft-check check', () => {
  it('exits 0 with the summary lines on a configuration where every invariant holds', async () => {
    const run = await raftCheck(...SMALL_OK);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^model: 2 servers, 1 value, maxTerm 2, maxLog 1, maxCopies 1, maxInFlight 2,/m);
    expect(run.stdout).toMatch(/^result: ok, every invariant holds$/m);
    expect(run.stdout).toContain(
      `states: ${n(L1.distinctStates)} distinct, ${n(L1.generatedStates)} generated, depth ${L1.depth}`,
    );
    expect(run.stdout).toMatch(/^time: /m);
    expect(run.stderr).toBe('');
  });

  it('prints exactly one JSON object with --json, with the counts and no trace when every invariant holds', async () => {
    const run = await raftCheck(...SMALL_OK, '--json');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      result: 'ok',
      distinctStates: L1.distinctStates,
      generatedStates: L1.generatedStates,
      depth: L1.depth,
    });
    expect(typeof report.seconds).toBe('number');
    expect(report).not.toHaveProperty('trace');
    expect(report).not.toHaveProperty('invariant');
  });

  it('exits 1 with a numbered counterexample, one line per step from Init, when a bug breaks an invariant', async () => {
    const run = await raftCheck(...DOUBLE_VOTE);
    expect(run.code).toBe(1);
    const verdict = /^result: VIOLATION of (\w+) after (\d+) states$/m.exec(run.stdout);
    expect(verdict).not.toBeNull();
    expect(RAFT_INVARIANTS.map((i) => i.name)).toContain(verdict![1]);
    const steps = [...run.stdout.matchAll(/^ ?(\d+) {2}(\S+)/gm)].map((m) => [Number(m[1]), m[2]]);
    const count = Number(verdict![2]);
    expect(steps.map(([k]) => k)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
    expect(steps[0]?.[1]).toBe('Init');
    expect(run.stdout).toMatch(/HandleRequestVoteRequest s\d→s\d term=\d+ granted/);
  });

  it('prints the violation as JSON with --json: the invariant and a trace from Init as long as the counterexample', async () => {
    const [text, json] = await Promise.all([raftCheck(...DOUBLE_VOTE), raftCheck(...DOUBLE_VOTE, '--json')]);
    expect(json.code).toBe(1);
    expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(json.stdout) as {
      result: string;
      invariant: string;
      depth: number;
      seconds: number;
      trace: { action: string; state: unknown }[];
    };
    const verdict = /VIOLATION of (\w+) after (\d+) states/.exec(text.stdout);
    expect(report.result).toBe('violation');
    expect(report.invariant).toBe(verdict?.[1]);
    expect(report.trace).toHaveLength(Number(verdict?.[2]));
    expect(report.trace[0]?.action).toBe('Init');
    expect(report.trace.slice(1).every((s) => typeof s.action === 'string' && s.action !== 'Init')).toBe(true);
    expect(report.trace.every((s) => typeof s.state === 'object' && s.state !== null)).toBe(true);
    expect(typeof report.seconds).toBe('number');
  });

  it.each([
    ['an unknown flag', ['--frobnicate'], 'frobnicate'],
    ['too many servers', ['--servers', '9'], 'servers'],
    ['a server count that is not a number', ['--servers', 'abc'], 'servers'],
    ['an unknown invariant', ['--invariants', 'Nope'], 'Nope'],
    ['an unknown bug', ['--bug', 'nope'], 'nope'],
    ['a flag without its value', ['--servers'], 'servers'],
    ['an unknown command', ['frobnicate'], 'frobnicate'],
  ])('exits 2 with one line on stderr naming the problem, and no stack trace, on %s', async (_, args, named) => {
    const run = await raftCheck(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(named);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([[['--help']], [['check', '--help']]])('lists every flag with --help (%j)', async (args) => {
    const run = await raftCheck(...args);
    expect(run.code).toBe(0);
    for (const flag of Object.keys(CHECK_OPTIONS)) {
      const base = flag.replace(/^no-/, '');
      expect(run.stdout, flag).toMatch(new RegExp(`--(\\[no-\\])?${base}\\b|--${flag}\\b`));
    }
    // Numeric flags show their defaults.
    expect(run.stdout).toMatch(new RegExp(`--servers N .*\\(default ${DEFAULT_CONFIG.servers}\\)`));
    expect(run.stdout).toMatch(new RegExp(`--max-term T .*\\(default ${DEFAULT_CONFIG.maxTerm}\\)`));
  });
});

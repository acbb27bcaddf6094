import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { replayPath } from '../../checker/path.js';
import { shrink } from '../../checker/shrink.js';
import { runWalk } from '../../checker/simulate.js';
import { checkRaft } from '../../harness/checkRaft.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { fastRaftModel as flatRaftModel } from '../../spec/raft/model.js';
import { raftModel } from '../../spec/raft/model.js';
import { HUNT_CONFIG as HUNT, similarRaftSteps, simulateRaft } from '../../harness/simulateRaft.js';

const BIN = fileURLToPath(new URL('../../bin/raft-check.js', import.meta.url));

/** Runs the built CLI (`npm test` builds dist first). */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'simulate', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HUNT_FLAGS = ['--servers', '3', '--max-term', '20', '--max-log', '2', '--max-in-flight', '0'];

/** A JSON report without the fields that depend on the clock. */
function timeless(stdout: string): Record<string, unknown> {
  const report = JSON.parse(stdout) as Record<string, unknown>;
  delete report.seconds;
  delete report.stepsPerSecond;
  return report;
}

describe('simulate on the Raft mutants (seed 1, hunting bounds)', () => {
  // Seeded snapshots: the walk index at which each fast mutant is first caught, and by which invariant.
  const pinned: [string, number, string][] = [
    ['double-vote', 1, 'VotesGrantedExclusive'],
    ['forget-on-restart', 0, 'LogTermsBounded'],
    ['no-consistency-check', 0, 'CommitIndexInLog'],
    ['no-log-check', 22, 'CommitIndexInLog'],
  ];
  for (const [bug, walk, invariant] of pinned) {
    it(`catches ${bug} at walk ${walk} with ${invariant}, and the shrunk trace still violates it`, () => {
      const r = simulateRaft('flat', HUNT, [bug], { seed: 1, walks: walk + 1 });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') return;
      expect([r.walk, r.invariant]).toEqual([walk, invariant]);
      const model = raftModel(HUNT, [bug]);
      const raw = replayPath(model, r.path);
      const { trace } = shrink(model, raw, invariant, { similar: similarRaftSteps });
      expect(trace.length).toBeLessThan(raw.length);
      const inv = model.invariants.find((i) => i.name === invariant)!;
      expect(inv.holds(trace[trace.length - 1]!.state)).toBe(false);
      expect(replayPath(model, replayPositions(model, trace)).length).toBe(trace.length);
    });
  }

  it('walks the same on the flat engine and on the reference spec', () => {
    for (const walk of [0, 1, 2, 3]) {
      const flat = runWalk(flatRaftModel(HUNT, []), 5, walk, { maxDepth: 80 });
      const reference = runWalk(raftModel(HUNT, []), 5, walk, { maxDepth: 80 });
      expect(flat.path).toEqual(reference.path);
    }
  });

  it('shrinks to within 2 steps of the shortest counterexample breadth-first search finds', () => {
    // On bounds small enough for breadth-first search: double-vote is caught in 9 states.
    const small: RaftConfig = { ...HUNT, maxTerm: 2, maxLogLen: 1, maxInFlight: 1 };
    const bfs = checkRaft(small, ['double-vote']);
    if (bfs.kind !== 'violation') throw new Error('breadth-first search must catch double-vote');
    const model = raftModel(small, ['double-vote']);
    for (let seed = 1; seed <= 5; seed++) {
      const r = simulateRaft('flat', small, ['double-vote'], { seed, walks: 5000 });
      if (r.kind !== 'violation') throw new Error(`seed ${seed}: expected a violation`);
      expect(r.invariant).toBe(bfs.invariant);
      const { trace } = shrink(model, replayPath(model, r.path), r.invariant, { similar: similarRaftSteps });
      expect(trace.length).toBeGreaterThanOrEqual(bfs.trace.length);
      expect(trace.length).toBeLessThanOrEqual(bfs.trace.length + 2);
    }
  });
});

/** The successor positions of `trace` in `model` (its actions compared by label). */
function replayPositions<S, A>(
  model: { initialStates(): readonly S[]; next(s: S): readonly { action: A; state: S }[]; formatAction(a: A): string },
  trace: readonly { action: A | null; state: S }[],
): number[] {
  const path = [0];
  let state: S = model.initialStates()[0]!;
  for (const step of trace.slice(1)) {
    const successors = model.next(state);
    const k = successors.findIndex((t) => model.formatAction(t.action) === model.formatAction(step.action!));
    if (k < 0) throw new Error(`no successor labelled ${model.formatAction(step.action!)}`);
    path.push(k);
    state = successors[k]!.state;
  }
  return path;
}

describe('raft-check simulate', () => {
  it('prints the seed, the reproduce command and a shrunk counterexample, and exits 1', () => {
    const r = cli(...HUNT_FLAGS, '--bug', 'double-vote', '--seed', '1', '--walks', '100');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('simulation: seed 1, swarm choice, max depth 300');
    expect(r.stdout).toContain('result: VIOLATION of VotesGrantedExclusive in walk 1');
    expect(r.stdout).toMatch(/counterexample: 167 states as walked, 9 after shrinking/);
    expect(r.stdout).toContain('reproduce: raft-check simulate --servers 3 --values 1 --max-term 20 --max-log 2');
    expect(r.stdout).toContain('--bug double-vote --seed 1 --walks 2 --max-depth 300');
  });

  it('gives the same result for the same seed, and its reproduce command gives the same counterexample', () => {
    const a = cli(...HUNT_FLAGS, '--bug', 'no-consistency-check', '--seed', '1', '--walks', '200', '--json');
    const b = cli(...HUNT_FLAGS, '--bug', 'no-consistency-check', '--seed', '1', '--walks', '200', '--json');
    expect(timeless(a.stdout)).toEqual(timeless(b.stdout));
    const report = JSON.parse(a.stdout) as { reproduce: string; trace: unknown[]; walk: number };
    const again = cli(...report.reproduce.split(' ').slice(2), '--json');
    const replayed = JSON.parse(again.stdout) as { trace: unknown[]; walk: number };
    expect(replayed.walk).toBe(report.walk);
    expect(replayed.trace).toEqual(report.trace);
  });

  it('reports the same with two workers as with one, with and without a violation', () => {
    for (const extra of [['--bug', 'no-consistency-check'], []]) {
      const one = cli(...HUNT_FLAGS, ...extra, '--seed', '3', '--walks', '300', '--json');
      const two = cli(...HUNT_FLAGS, ...extra, '--seed', '3', '--walks', '300', '--json', '--workers', '2');
      const [x, y] = [timeless(one.stdout), timeless(two.stdout)];
      expect(y.workers).toBe(2);
      expect(y.result).toBe(x.result);
      if (x.result === 'ok') {
        for (const key of ['walks', 'steps', 'distinctStates', 'generated', 'actions']) expect(y[key]).toEqual(x[key]);
      } else {
        for (const key of ['walk', 'invariant', 'rawLength', 'shrunkLength', 'trace']) expect(y[key]).toEqual(x[key]);
      }
    }
  });

  it('writes a counterexample that raft-check replay accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    onTestFinished(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const file = join(dir, 'cex.itf.json');
    const r = cli(...HUNT_FLAGS, '--bug', 'no-consistency-check', '--seed', '1', '--walks', '60', '--out', file);
    expect(r.status).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('states');
    const replay = spawnSync(process.execPath, [BIN, 'replay', file, ...HUNT_FLAGS, '--bug', 'no-consistency-check'], {
      encoding: 'utf8',
    });
    expect(replay.stdout).toMatch(/replayed \d+ steps: ok/);
    expect(replay.status).toBe(0);
  });

  it('reports no violation on the reference model with the counts and exits 0', () => {
    const r = cli(...HUNT_FLAGS, '--seed', '2', '--walks', '50');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('result: ok, no invariant violated in 50 walks');
    expect(r.stdout).toMatch(/distinct states seen: [\d,]+/);
    expect(r.stdout).toMatch(/[\d,]+ steps\/s/);
    expect(r.stdout).toMatch(/ {2}BecomeLeader +[\d,]+/);
  });

  it('hunts with the hunting bounds when no bound flag is given, and an explicit bound overrides its own', () => {
    const hunting = cli('--walks', '1', '--seed', '1');
    expect(hunting.stdout).toContain('model: 3 servers, 1 value, maxTerm 20, maxLog 2, maxCopies 1, maxInFlight none');
    const overridden = cli('--walks', '1', '--seed', '1', '--max-term', '4');
    expect(overridden.stdout).toContain('maxTerm 4, maxLog 2, maxCopies 1, maxInFlight none');
  });

  it('prints a random seed when none is given', () => {
    const r = cli('--walks', '5');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/simulation: seed \d+,/);
  });

  it('rejects --walks with --seconds in one line, exit 2', () => {
    const r = cli('--walks', '5', '--seconds', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('raft-check: --walks and --seconds exclude each other\n');
  });

  it("refuses a variant's bug without its variant (it would change nothing), in one line, exit 2", () => {
    const r = cli('--walks', '5', '--seed', '1', '--bug', 'prevote-keeps-votes');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "raft-check: bug 'prevote-keeps-votes' changes a rule of variant prevote: add --variant prevote\n",
    );
    expect(cli('--walks', '5', '--seed', '1', '--bug', 'prevote-keeps-votes', '--variant', 'prevote').status).not.toBe(
      2,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { departureKind, judge, shrink, validateRun } from '../../harness/implementations/campaign.js';
import { answerOf, receiveEvent, sendEvent } from '../../harness/implementations/liferaft/mapping.js';
import { LIFERAFT_FORK } from '../../harness/implementations/liferaft/flavours.js';
import { runLiferaft } from '../../harness/implementations/liferaft/runLiferaft.js';
import { departureItf, safetyItf } from '../../harness/implementations/itfOut.js';
import { checkReported } from '../../harness/implementations/reported.js';
import { readRecordedRun } from '../../harness/implementations/recordedRun.js';
import { RAFT_INVARIANTS } from '../../spec/raft/invariants.js';
import { invariantsOnValues } from '../../spec/raft/model.js';
import { parseItf } from '../../traces/itf.js';
import { readItf } from '../../explorer/src/engine.js';
import { drawSchedule, FAULT_MIXES, findMix } from '../../harness/implementations/schedule.js';

const mix = (name: string) => findMix(name)!;

describe('liferaft under the harness', () => {
  it('gives the same run for the same seed, a different one for another seed', async () => {
    const a = await runLiferaft(drawSchedule(mix('everything'), 3));
    const b = await runLiferaft(drawSchedule(mix('everything'), 3));
    const c = await runLiferaft(drawSchedule(mix('everything'), 4));
    expect(a.lines.length).toBeGreaterThan(20);
    expect(b.lines).toEqual(a.lines);
    expect(b.witnesses).toEqual(a.witnesses);
    expect(c.lines).not.toEqual(a.lines);
  });

  it('puts the real timers, clock and Math.random back after a run', async () => {
    const { setTimeout: before, Date: date } = globalThis;
    const random = Math.random;
    await runLiferaft(drawSchedule(mix('quiet'), 1));
    expect(globalThis.setTimeout).toBe(before);
    expect(globalThis.Date).toBe(date);
    expect(Math.random).toBe(random);
  });

  it('records an election that the model allows', async () => {
    const run = await runLiferaft({ ...drawSchedule(mix('quiet'), 1), actions: [] });
    const types = run.lines.slice(1).map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toContain('timeout');
    expect(types).toContain('becomeLeader');
    expect(run.witnesses.elections).toBeGreaterThan(0);
    expect(validateRun(run.lines).result).toBe('validated');
  });

  it('drives the fork @markwylde/liferaft through the same harness, deterministically', async () => {
    const schedule = drawSchedule(mix('crash'), 2);
    const a = await runLiferaft(schedule, false, LIFERAFT_FORK);
    const b = await runLiferaft(schedule, false, LIFERAFT_FORK);
    expect(b.lines).toEqual(a.lines);
    expect(a.lines[0]).toContain('@markwylde/liferaft 1.4.0');
    expect(a.witnesses.elections).toBeGreaterThan(0);
    expect(a.witnesses.crashes).toBeGreaterThan(0);
  });

  it('a short campaign: one run of each fault mix, each validated or departing with a diagnosis', async () => {
    for (const m of FAULT_MIXES) {
      const o = await judge(runLiferaft, m, 1);
      expect(['validated', 'rejected']).toContain(o.verdict.result);
      if (o.verdict.result === 'rejected') {
        expect(o.verdict.departure).toMatch(/^\w+: /);
        expect(o.verdict.report).toContain('why: ');
      }
    }
  });

  it('finds that the leader sends heartbeats from its last entry, not from the follower’s nextIndex', async () => {
    const o = await judge(runLiferaft, mix('quiet'), 1);
    expect(o.verdict.departure).toBe(
      'sendAppendEntries: · would send AppendEntriesRequest ·→· term=N prev=N/N entries=[…] commit=N: prevLogIndex is N, the event says N',
    );
  });

  it('shrinks a departing run to fewer actions that depart the same way', async () => {
    const first = await runLiferaft(drawSchedule(mix('crash'), 1));
    const departure = validateRun(first.lines).departure!;
    expect(departure).toMatch(/^restart: /);
    const { record } = await shrink(runLiferaft, first, { kind: 'departure', departure }, 12);
    expect(record.schedule.actions.length).toBeLessThan(first.schedule.actions.length);
    expect(validateRun(record.lines).departure).toBe(departure);
  });
});

describe('failing runs as ITF traces the explorer opens', () => {
  it('writes a departure as the states matched up to the rejected event', async () => {
    const run = await runLiferaft(drawSchedule(mix('quiet'), 1));
    const verdict = validateRun(run.lines);
    const text = departureItf(run.lines, verdict.report)!;
    const loaded = readItf(text); // as the explorer opens a file
    if (!loaded.ok) throw new Error(loaded.error);
    // Init, then one state per event before the rejected one (its line counts the header).
    expect(loaded.value.steps.length).toBe(verdict.line! - 1);
    expect(loaded.value.choice.config.servers).toBe(3);
    const parsed = parseItf(text);
    expect(parsed.ok && String(parsed.value.meta.description)).toContain('prevLogIndex is 0, the event says 1');
  });

  it('writes a safety violation as the reported states, the last one breaking the invariant', async () => {
    const schedule = drawSchedule(mix('crash'), 1);
    const run = await runLiferaft(schedule, true);
    const invariant = run.safety!.invariant;
    const config = readRecordedRun(run.lines).model.config;
    const loaded = readItf(safetyItf(config, run.history, invariant, 'crash seed 1'));
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.invariant).toBe(invariant);
    const states = loaded.value.steps.map((s) => s.state);
    const check = invariantsOnValues(RAFT_INVARIANTS.filter((i) => i.name === invariant))[0]!;
    expect(check.holds(states[states.length - 1]!)).toBe(false);
    expect(check.holds(states[states.length - 2]!)).toBe(true);
  });
});

describe('the mapping of liferaft messages to events', () => {
  const after = { term: 1, role: 'Follower', votedFor: 'n1', logLength: 0, commitIndex: 0 };

  it('shifts terms by one and logs an empty log’s last term as 0', () => {
    const vote = { type: 'vote', term: 1, last: { index: 0, term: 1, committedIndex: 0 } };
    expect(sendEvent('n1', 'n2', vote)).toEqual({
      type: 'sendRequestVote',
      server: 'n1',
      to: 'n2',
      term: 2,
      lastLogTerm: 0,
      lastLogIndex: 0,
    });
  });

  it('logs a heartbeat accepted without an answer as a success at its prevLogIndex', () => {
    const beat = { type: 'append', term: 1, last: { index: 2, term: 1, committedIndex: 1 } };
    const e = receiveEvent('n2', 'n1', beat, answerOf([undefined]), { ...after, logLength: 2 });
    expect(e).toMatchObject({ success: true, matchIndex: 2, prevLogTerm: 2, leaderCommit: 1, entries: [] });
  });

  it('logs a stale-term error answer as a refusal', () => {
    const vote = { type: 'vote', term: 0, last: { index: 0, term: 0, committedIndex: 0 } };
    const e = receiveEvent('n2', 'n1', vote, answerOf([Promise.resolve({})]), after);
    expect(e).toMatchObject({ type: 'receiveRequestVote', granted: false });
  });

  it('names a departure without its numbers and servers', () => {
    expect(departureKind('restart', "s1's term would be 2, the event says 1")).toBe(
      "restart: ·'s term would be N, the event says N",
    );
  });
});

describe('the built-in invariants on reported states', () => {
  it('reports two leaders of one term, and not leaders of two terms', () => {
    const node = (role: string, term: number) => ({ role, term, log: [], commitIndex: 0 });
    expect(checkReported([node('Leader', 2), node('Leader', 2), node('Follower', 2)], 1, 0)?.invariant).toBe(
      'ElectionSafety',
    );
    expect(checkReported([node('Leader', 2), node('Leader', 3), node('Follower', 3)], 1, 0)).toBeUndefined();
  });

  it('reports committed entries that differ', () => {
    const a = { role: 'Follower', term: 2, log: [{ term: 1, value: 'x' }], commitIndex: 1 };
    const b = { role: 'Follower', term: 2, log: [{ term: 2, value: 'y' }], commitIndex: 1 };
    expect(checkReported([a, b], 5, 100)?.invariant).toBe('StateMachineSafety');
  });
});

import { describe, expect, it } from 'vitest';
import { initialState, server, updateServer, type ClusterState } from '../../spec/raft/state.js';
import { Random } from '../../timing/random.js';
import { Scheduler, type Happening, type SchedulerOptions } from '../../timing/scheduler.js';
import { stableLeaderState } from '../../timing/stableLeader.js';

/** Fixed timeouts and latencies, so every time in these scenarios can be computed by hand. */
const FIXED: SchedulerOptions = {
  timeout: { min: 100, max: 100 },
  heartbeat: 40,
  link: { latency: { min: 10, max: 10 }, loss: 0 },
};

function scheduler(state: ClusterState, options: Partial<SchedulerOptions> = {}, seed = 1): Scheduler {
  return new Scheduler(state, { ...FIXED, ...options }, new Random(seed));
}

const kinds = (hs: readonly Happening[]): string[] =>
  hs.map((h) => `${h.time} ${h.action.kind === 'Receive' ? `${h.action.handler}:${h.action.outcome}` : h.action.kind}`);

const at = (hs: readonly Happening[], kind: string): number[] =>
  hs.filter((h) => h.action.kind === kind).map((h) => h.time);

describe('Scheduler timers', () => {
  it('resets a follower’s timer when an AppendEntries of its own term arrives from the leader (§5.2)', () => {
    const s = scheduler(stableLeaderState(3));
    s.start(-50); // timers last reset at -50: they would expire at 50
    expect([s.electionDeadline(1), s.electionDeadline(2)]).toEqual([50, 50]);
    s.runUntil(10); // the heartbeat sent at 0 arrives at 10
    expect([s.electionDeadline(1), s.electionDeadline(2)]).toEqual([110, 110]);
    const later = s.runUntil(60); // the next heartbeat, sent at 40, arrives at 50
    expect([s.electionDeadline(1), s.electionDeadline(2)]).toEqual([150, 150]);
    expect(at(later, 'Timeout')).toEqual([]);
  });

  it('does not reset the timer on an AppendEntries of an older term', () => {
    const ahead = updateServer(stableLeaderState(3), 1, (v) => v.set('currentTerm', 5));
    const s = scheduler(ahead);
    s.start(-50);
    const hs = s.runUntil(10);
    expect(kinds(hs)).toContain('10 HandleAppendEntriesRequest:reject');
    expect(s.electionDeadline(1)).toBe(50); // s2 (term 5) ignored the stale leader ...
    expect(s.electionDeadline(2)).toBe(110); // ... while s3 (term 2) heard its leader
  });

  it('gives a leader that steps down an election timer and stops its heartbeats', () => {
    const ahead = updateServer(stableLeaderState(3), 1, (v) => v.set('currentTerm', 5));
    const s = scheduler(ahead);
    s.start(-50);
    expect(s.electionDeadline(0)).toBeUndefined(); // a leader has no election timer
    const hs = s.runUntil(45); // s2's rejection (term 5) reaches s1 at 20
    expect(kinds(hs)).toContain('20 UpdateTerm:');
    expect(server(s.state, 0).state).toBe('Follower');
    expect(s.electionDeadline(0)).toBe(120);
    expect(at(hs, 'AppendEntries')).toEqual([0, 0]); // no broadcast at 40
  });

  it('resets the timer on starting an election and on granting a vote; the winner leads at once', () => {
    const s = scheduler(initialState(3));
    s.start();
    s.resetTimer(1, -50); // s2 times out first, at 50
    const hs = s.runUntil(70);
    expect(at(hs, 'Timeout')).toEqual([50]);
    // Its own vote never touches the network: granted and counted at the instant it asks.
    const selfVote = hs.find((h) => h.action.kind === 'Receive' && h.action.m.source === 1 && h.action.m.dest === 1);
    expect(selfVote?.time).toBe(50);
    // s1 and s3 grant at 60 and restart their timers there; the answers reach s2 at 70.
    expect(kinds(hs).filter((k) => k.startsWith('60 HandleRequestVoteRequest'))).toEqual([
      '60 HandleRequestVoteRequest:granted',
      '60 HandleRequestVoteRequest:granted',
    ]);
    expect([s.electionDeadline(0), s.electionDeadline(2)]).toEqual([160, 160]);
    expect(at(hs, 'BecomeLeader')).toEqual([70]);
    expect(s.electionDeadline(1)).toBeUndefined();
    expect(at(hs, 'AppendEntries')).toEqual([70, 70]); // the new leader's first heartbeat goes out at once
  });

  it('restarts the timer of a candidate whose election failed, so it stands again one timeout later', () => {
    const s = scheduler(initialState(3));
    s.start();
    s.resetTimer(1, -50);
    s.crash(0, 0);
    s.crash(2, 0); // nobody else can vote: s2 can never win
    const hs = s.runUntil(400);
    expect(at(hs, 'Timeout')).toEqual([50, 150, 250, 350]);
    expect(server(s.state, 1).currentTerm).toBe(5);
  });
});

describe('Scheduler heartbeats and crashes', () => {
  it('has a leader send AppendEntries to every other server every heartbeat interval', () => {
    const s = scheduler(stableLeaderState(3), { timeout: { min: 1000, max: 1000 } });
    s.start();
    const sends = s.runUntil(130).filter((h) => h.action.kind === 'AppendEntries');
    expect(sends.map((h) => h.time)).toEqual([0, 0, 40, 40, 80, 80, 120, 120]);
  });

  it('lets a crashed server do nothing and receive nothing, while what it sent before still arrives', () => {
    const s = scheduler(stableLeaderState(3));
    s.start(-50);
    s.crash(0, 0); // the broadcast scheduled at 0 goes out first
    const hs = s.runUntil(105);
    expect(kinds(hs).slice(0, 3)).toEqual(['0 AppendEntries', '0 AppendEntries', '0 Crash']);
    expect(s.isCrashed(0)).toBe(true);
    expect(at(hs, 'AppendEntries')).toEqual([0, 0]); // no heartbeat at 40 or 80
    expect(kinds(hs).filter((k) => k.startsWith('10 HandleAppendEntriesRequest'))).toHaveLength(3); // s3 appends, then acks
    // The acknowledgements reach the crashed s1 at 20 and are dropped there.
    expect(hs.filter((h) => h.action.kind === 'DropMessage').map((h) => h.time)).toEqual([20, 20]);
    expect(hs.filter((h) => h.action.kind === 'Receive' && h.action.m.dest === 0)).toEqual([]);
    expect(s.electionDeadline(0)).toBeUndefined();
  });
});

describe('Scheduler network', () => {
  it('delivers each message after a latency drawn from the range', () => {
    const s = scheduler(stableLeaderState(3), {
      timeout: { min: 1000, max: 1000 },
      link: { latency: { min: 10, max: 20 }, loss: 0 },
    });
    s.start();
    const arrivals = s
      .runUntil(800)
      .filter((h) => h.action.kind === 'Receive' && h.action.m.type === 'AppendEntriesRequest')
      .map((h) => h.time % 40); // heartbeats leave at multiples of 40 ms
    expect(arrivals.length).toBeGreaterThan(40);
    for (const offset of arrivals) {
      expect(offset).toBeGreaterThanOrEqual(10);
      expect(offset).toBeLessThanOrEqual(20);
    }
    expect(new Set(arrivals).size).toBeGreaterThan(10); // jitter, not a constant
  });

  it('loses about the given fraction of messages, and none without loss', () => {
    const lossy = (loss: number): { sent: number; lost: number } => {
      const s = scheduler(stableLeaderState(3), {
        timeout: { min: 1e9, max: 1e9 },
        heartbeat: 10,
        link: { latency: { min: 1, max: 2 }, loss },
      });
      s.start();
      const hs = s.runUntil(10_000);
      const sent = hs.filter((h) => h.action.kind === 'AppendEntries').length;
      const lost = hs.filter((h) => h.action.kind === 'DropMessage' && h.action.m.type === 'AppendEntriesRequest');
      return { sent, lost: lost.length };
    };
    const some = lossy(0.3);
    expect(some.sent).toBe(2002);
    expect(some.lost / some.sent).toBeGreaterThan(0.25);
    expect(some.lost / some.sent).toBeLessThan(0.35);
    expect(lossy(0).lost).toBe(0);
  });

  it('never loses a server’s messages to itself', () => {
    const s = scheduler(initialState(3), { link: { latency: { min: 10, max: 10 }, loss: 0.99 } });
    s.start();
    s.resetTimer(1, -50);
    s.runUntil(50);
    expect(server(s.state, 1).votesGranted.toArray()).toEqual([1]);
  });

  it('runs the same scenario the same way for the same seed', () => {
    const trace = (seed: number): string[] => {
      const s = scheduler(
        initialState(5),
        { timeout: { min: 150, max: 300 }, link: { latency: { min: 10, max: 20 }, loss: 0.1 } },
        seed,
      );
      s.start();
      return kinds(s.runUntil(2000));
    };
    expect(trace(7)).toEqual(trace(7));
    expect(trace(7)).not.toEqual(trace(8));
  });
});

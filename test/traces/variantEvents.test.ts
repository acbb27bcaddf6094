import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../spec/raft/config.js';
import { raftModel } from '../../spec/raft/model.js';
import { projectStep } from '../../traces/validate/projectEvents.js';
import { randomWalk } from '../../traces/validate/randomWalk.js';

/** Walks long enough to take every variant's actions, with the events each step projects to. */
function projected(variants: string[]): { kind: string; message: string; event: string | undefined }[] {
  const model = raftModel({ ...DEFAULT_CONFIG, servers: 3, values: 1, maxTerm: 3, maxLogLen: 2, variants });
  return [1, 2, 3, 4, 5].flatMap((seed) =>
    randomWalk(model, 60, seed).map((step) => {
      const a = step.actions[0]!;
      return {
        kind: a.kind,
        message: a.kind === 'Receive' ? a.m.type : '',
        event: projectStep(step)?.type as string | undefined,
      };
    }),
  );
}

describe("a variant's events come from its module's `events`", () => {
  it("projects prevote's actions and messages to their declared events", () => {
    const steps = projected(['prevote']);
    const eventsOf = (pick: (s: (typeof steps)[number]) => boolean): Set<string | undefined> =>
      new Set(steps.filter(pick).map((s) => s.event));
    expect(eventsOf((s) => s.kind === 'RequestPreVote')).toEqual(new Set(['sendPreVote']));
    expect(eventsOf((s) => s.kind === 'StartElection')).toEqual(new Set(['startElection']));
    expect(eventsOf((s) => s.message === 'PreVoteRequest')).toEqual(new Set(['receivePreVote']));
  });

  it("projects leadership transfer's action and message to no event, and the rest as without it", () => {
    const steps = projected(['leadership-transfer']);
    const transfers = steps.filter((s) => s.kind === 'TransferLeadership' || s.message === 'TimeoutNow');
    expect(transfers.length).toBeGreaterThan(0);
    expect(transfers.every((s) => s.event === undefined)).toBe(true);
    expect(steps.some((s) => s.kind === 'Timeout' && s.event === 'timeout')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { ClusterJson } from '../../explorer/src/engine.js';
import { serversHtml } from '../../explorer/src/stateView.js';

/** A one-server state, with the variants' variables given (absent: the variant is off). */
function state(role: string, extra: Partial<ClusterJson> = {}): ClusterJson {
  return {
    state: { s1: role },
    currentTerm: { s1: 2 },
    votedFor: { s1: null },
    log: { s1: [] },
    commitIndex: { s1: 0 },
    votesResponded: { s1: [] },
    votesGranted: { s1: [] },
    nextIndex: { s1: { s1: 1 } },
    matchIndex: { s1: { s1: 0 } },
    messages: [],
    ...extra,
  };
}

describe("the variants' rows on a server card come from their modules' view", () => {
  it('shows heardFromLeader when prevote is on, and nothing of it when it is off', () => {
    expect(serversHtml(state('Follower', { heardFromLeader: { s1: true } }), undefined)).toMatch(
      /<span class="name">heardFromLeader<\/span> <span class="value">true<\/span>/,
    );
    expect(serversHtml(state('Follower'), undefined)).not.toContain('heardFromLeader');
  });

  it("shows a pre-candidate's tallies as a candidate's, and a follower's not", () => {
    expect(serversHtml(state('PreCandidate', { heardFromLeader: { s1: false } }), undefined)).toContain('votesGranted');
    expect(serversHtml(state('Follower'), undefined)).not.toContain('votesGranted');
  });

  it("shows quorumHeard on a leader's card only, and marks it when it changed", () => {
    const before = state('Leader', { quorumHeard: { s1: [] } });
    const now = state('Leader', { quorumHeard: { s1: ['s2', 's3'] } });
    expect(serversHtml(now, before)).toMatch(
      /<div class="field changed"><span class="name">quorumHeard<\/span> <span class="value">\{s2,s3\}/,
    );
    expect(serversHtml(state('Follower', { quorumHeard: { s1: ['s2'] } }), undefined)).not.toContain('quorumHeard');
  });
});

import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

// docs/liveness.md's results 2 to 4, on the bounds that take seconds (the PreVote runs of result 2 take a minute
// and more: they are in the docs, not here).

// Result 2's bounds: three servers, s2 and s3 cut from each other, both linked to s1.
const CHAIN = [
  ...['--servers', '3', '--max-term', '3', '--max-log', '0', '--no-restart', '--no-drop', '--quiet'],
  ...['--links', 's1-s2,s1-s3', '--timers', '--properties', 'LeaderNotDisrupted'],
];

// Result 4's bounds: s3 cut from everyone; PreVote keeps its timeouts from raising terms past --max-term.
const ISLAND = [
  ...['--servers', '3', '--max-term', '2', '--max-log', '1', '--no-restart', '--no-drop', '--quiet'],
  ...['--links', 's1-s2', '--timers', '--variant', 'prevote', '--properties', 'CommitProgress'],
  ...['--fair', 'Deliver,Timeout,BecomeLeader,AdvanceCommitIndex,AppendEntries'],
];

// Result 3's smallest quorum loss: two servers, one Partition, PreVote; messages on the cut link may be dropped.
const QUORUM_LOSS = [
  ...['--servers', '2', '--max-term', '2', '--max-log', '0', '--no-restart', '--quiet', '--timers'],
  ...['--partitions', '1', '--variant', 'prevote', '--properties', 'IsolatedLeaderStepsDown'],
  ...[
    '--fair',
    'Deliver,Timeout,BecomeLeader,CheckQuorum,RequestVote,RequestPreVote,StartElection,AppendEntries@servers',
  ],
];

describe('the liveness results', () => {
  it('CheckQuorum alone does not stop a cut-off server: through the hub its term deposes the leader', async () => {
    const run = await raftCheck(...CHAIN, '--variant', 'check-quorum');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('LeaderNotDisrupted@s1        holds');
    expect(run.stdout).toContain('LeaderNotDisrupted@s2        VIOLATED: the last step of a behaviour of 15 states');
    const steps = run.stdout.slice(run.stdout.indexOf('counterexample to LeaderNotDisrupted@s2'));
    // s3, which never hears s2, times out twice; its term 3 reaches the hub, which no longer answers s2 in its
    // term, and s2 steps down at its next check.
    expect(steps).toMatch(/12 {2}Timeout s3\n.*s3: currentTerm 2→3/);
    expect(steps).toMatch(/14 {2}UpdateTerm s3→s1 \(RequestVoteRequest\) term=3\n/);
    expect(steps).toMatch(/15 {2}CheckQuorum s2\n.*s2: state Leader→Follower/);
    // Timed, no check runs before the round it judges: s2's election (state 10) is not followed by a check
    // that would find it alone.
    expect(steps).not.toMatch(/11 {2}CheckQuorum s2/);
  });

  it('commit-needs-all is safe: no invariant catches it within the bounds', async () => {
    const run = await raftCheck(
      ...['--servers', '3', '--max-term', '2', '--max-log', '1', '--no-restart', '--no-drop', '--quiet'],
      ...['--bug', 'commit-needs-all', '--workers', '1'],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('result: ok, every invariant holds');
  });

  it('but CommitProgress catches it with a lasso where the leader replicates to a quorum forever', async () => {
    const good = await raftCheck(...ISLAND);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('CommitProgress@1             holds');
    const bad = await raftCheck(...ISLAND, '--bug', 'commit-needs-all');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('CommitProgress@1             VIOLATED: a lasso');
    const loop = bad.stdout.slice(bad.stdout.indexOf('--- loop: from state'));
    // The loop: the leader's entry is on a quorum (itself and its follower) and it goes on replicating, but the
    // mutant waits for s3, which no link reaches.
    expect(loop).toMatch(/HandleAppendEntriesResponse s[12]→s[12] term=2 success/);
    expect(loop).not.toContain('commitIndex');
    expect(bad.stdout).toMatch(/matchIndex \[0 0 0\]→\[(0 1|1 0) 0\]/);
  });

  it('a partition that cuts a leader from its quorum: PreVote alone keeps it leading, CheckQuorum steps it down', async () => {
    // Result 3's smallest case: two servers, one partition; the leader's AppendEntries over the cut link are
    // dropped, so it goes on being the leader of no quorum for ever without CheckQuorum.
    const alone = await raftCheck(...QUORUM_LOSS);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain('states: 13,846 distinct');
    expect(alone.stdout).toContain('IsolatedLeaderStepsDown@s1   VIOLATED: a lasso of 23 states');
    expect(alone.stdout).toMatch(/Partition s1 s2/);
    const both = await raftCheck(...QUORUM_LOSS, '--variant', 'check-quorum');
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('IsolatedLeaderStepsDown@s1   holds');
    // The partitions mutant: the leader goes on hearing its follower over the cut link, and never steps down.
    const bug = await raftCheck(...QUORUM_LOSS, '--variant', 'check-quorum', '--bug', 'deliver-over-cut');
    expect(bug.code).toBe(1);
    expect(bug.stdout).toContain('IsolatedLeaderStepsDown@s1   VIOLATED');
  });
});

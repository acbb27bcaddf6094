/**
 * The catalogue of availability scenarios (scenario.ts for how a trial runs; docs/variants.md, "measured in
 * time", for the figures). Servers are numbered from 0 here and named s1, s2, ... in the texts: s1 is the stable
 * leader; s2 and s3 hold every entry; s4 and s5 are one entry behind (stableLeader.ts).
 *
 * - rejoin (thesis §9.6): the follower s5 (the last server; with membership, the last member sK, since a
 *   non-member has no timer) is cut off from everyone, its timer firing again and again, and rejoins. Without PreVote it comes back with a higher term and deposes the leader; with PreVote its term has
 *   not moved, since its pre-votes went unanswered.
 * - leader-minority (thesis §6.2): s1 and s2 are cut off from s3 to s5. The majority elects a leader; s1 still
 *   believes it leads, and clients that reach it are served by a leader that cannot commit, until CheckQuorum
 *   steps it down (without CheckQuorum: until the heal).
 * - asymmetric: the links into s1 are cut, so s1 can send and hears nobody: its heartbeats keep the followers
 *   from an election, while it cannot commit. This is the partial partition behind Cloudflare's etcd outage of
 *   November 2020, discussed by Howard and Abraham ("Raft does not guarantee liveness in the face of network
 *   faults", 2020): CheckQuorum steps s1 down, and only with PreVote too does s1 then stop deposing the new leader
 *   each time its own timer fires.
 */
import { server, type ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';
import { between, cutLinks, into } from './partition.js';
import { membersOf, type Scenario, type ScenarioTrial, type TrialSetting } from './scenario.js';
import { LEADER } from './stableLeader.js';

/** rejoin watches this many maximum election timeouts after the heal for a disruption. */
export const REJOIN_WATCH_TIMEOUTS = 4;

type Judged = Omit<ScenarioTrial, 'faultAt'>;

function isLeader(s: ClusterState, i: ServerId): boolean {
  return server(s, i).state === 'Leader';
}

const rejoin: Scenario = {
  name: 'rejoin',
  description:
    'the last follower (s5 of 5; with membership, the last member) is cut off from every other server for the ' +
    'partition, then rejoins',
  disruption: 'after the heal, s1 stops leading or a server other than the rejoiner enters a term above s1 term',
  downtime: 'ms from the disruption to the next BecomeLeader (0 when undisrupted)',
  network: (n, members, from, until) => cutLinks(between([members - 1], n), from, until),
  watch({ scheduler, healAt, options }: TrialSetting): Judged {
    const rejoiner = membersOf(options) - 1;
    const term = server(scheduler.state, LEADER).currentTerm;
    const disrupts = (s: ClusterState): boolean =>
      !isLeader(s, LEADER) || s.servers.some((v, j) => j !== rejoiner && v.currentTerm > term);
    const watchUntil = healAt + REJOIN_WATCH_TIMEOUTS * options.timeout.max;
    let disruptedAt: number | undefined;
    for (let happened = scheduler.step(); happened !== undefined; happened = scheduler.step()) {
      for (const h of happened) {
        if (disruptedAt === undefined) {
          if (h.time >= healAt && disrupts(h.state)) disruptedAt = h.time;
        } else if (h.action.kind === 'BecomeLeader') {
          return { disrupted: true, downtime: h.time - disruptedAt, finished: true };
        }
      }
      if (disruptedAt === undefined && scheduler.now > watchUntil) {
        return { disrupted: false, downtime: 0, finished: true };
      }
      if (disruptedAt !== undefined && scheduler.now > disruptedAt + options.limit) break;
    }
    return { disrupted: true, downtime: options.limit, finished: false };
  },
};

const leaderMinority: Scenario = {
  name: 'leader-minority',
  description: 's1 (the leader) and s2 are cut off from s3, s4 and s5 for the partition',
  disruption: 's3, s4 or s5 became leader while s1 still led (two leaders at once)',
  downtime: 'ms s1 kept leading after the cut, unable to commit (up to the heal)',
  network: (n, _members, from, until) => cutLinks(between([LEADER, 1], n), from, until),
  watch({ scheduler, faultAt, healAt }: TrialSetting): Judged {
    let staleUntil: number | undefined;
    let newLeaderAt: number | undefined;
    for (let happened = scheduler.step(); happened !== undefined; happened = scheduler.step()) {
      if (scheduler.now >= healAt) break;
      for (const h of happened) {
        if (h.time < faultAt) continue;
        if (staleUntil === undefined && !isLeader(h.state, LEADER)) staleUntil = h.time;
        if (newLeaderAt === undefined && h.action.kind === 'BecomeLeader' && h.action.i > 1) newLeaderAt = h.time;
      }
      if (staleUntil !== undefined && newLeaderAt !== undefined) break;
    }
    const end = staleUntil ?? healAt;
    return {
      disrupted: newLeaderAt !== undefined && newLeaderAt < end,
      downtime: end - faultAt,
      finished: true,
    };
  },
};

const asymmetric: Scenario = {
  name: 'asymmetric',
  description: 'every link into s1 (the leader) is cut for the partition: s1 can send, and hears nobody',
  disruption: 'a leader other than s1 was elected and then deposed during the partition',
  downtime: 'ms of the partition without a leader other than s1 (s1 cannot commit)',
  network: (n, _members, from, until) => cutLinks(into(LEADER, n), from, until),
  watch({ scheduler, faultAt, healAt }: TrialSetting): Judged {
    const working = (s: ClusterState): boolean => s.servers.some((v, j) => j !== LEADER && v.state === 'Leader');
    let downSince: number | undefined = faultAt;
    let down = 0;
    let deposed = false;
    for (let happened = scheduler.step(); happened !== undefined; happened = scheduler.step()) {
      if (scheduler.now >= healAt) break;
      for (const h of happened) {
        if (h.time < faultAt) continue;
        const up = working(h.state);
        if (up && downSince !== undefined) {
          down += h.time - downSince;
          downSince = undefined;
        } else if (!up && downSince === undefined) {
          downSince = h.time;
          deposed = true;
        }
      }
    }
    if (downSince !== undefined) down += healAt - downSince;
    return { disrupted: deposed, downtime: down, finished: true };
  },
};

/** Every scenario, by name. */
export const SCENARIOS: readonly Scenario[] = [rejoin, leaderMinority, asymmetric];

/** The scenario with this name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

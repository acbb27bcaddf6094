/**
 * The built-in temporal properties of Raft (docs/liveness.md), each a shape of checker/liveness/temporal.ts over
 * predicates on a cluster view, written once like the invariants. `links` says which pairs of servers can
 * exchange messages in a state (environment.ts: the static links, less those the partitions variant has cut);
 * a leader is "connected" when it has working links to a quorum.
 */
import { unpackAction } from '../actions.js';
import type { ClusterReader, ServerReader } from '../cluster.js';
import type { RaftConfig } from '../config.js';
import { isQuorum } from '../quorum.js';
import type { Links } from './environment.js';
import { VARIANT_MODULES } from '../variants/registry.js';
import type { VariantModule } from '../variants/variant.js';

/** A predicate over a cluster state. */
export type ClusterPredicate = (c: ClusterReader) => boolean;

/** One checkable property: a shape with its predicates. */
export type RaftTemporal =
  | {
      readonly name: string;
      readonly kind: 'eventually' | 'infinitelyOften' | 'eventuallyAlways';
      readonly p: ClusterPredicate;
    }
  | { readonly name: string; readonly kind: 'leadsTo'; readonly p: ClusterPredicate; readonly q: ClusterPredicate }
  | {
      readonly name: string;
      readonly kind: 'step';
      /** A safety property of steps: true when the step from `from` by the packed action `code` to `to` is fine. */
      readonly holds: (from: ClusterReader, code: number, to: ClusterReader) => boolean;
      /** The history the checker keeps for it (checker/liveness/temporal.ts StepProperty). */
      readonly arms: ClusterPredicate;
      readonly disarms: (from: ClusterReader, code: number, to: ClusterReader) => boolean;
    };

export interface RaftProperty {
  readonly name: string;
  /** The formula, for --help and reports. */
  readonly formula: string;
  /** What it checks, for people. */
  readonly meaning: string;
  /** The properties the engine checks for it (more than one when it is a conjunction, one per log index). */
  build(config: RaftConfig, links: Links): RaftTemporal[];
}

function someServer(c: ClusterReader, f: (s: ServerReader, i: number) => boolean): boolean {
  for (let i = 0; i < c.n; i++) if (f(c.server(i), i)) return true;
  return false;
}

const someLeader: ClusterPredicate = (c) => someServer(c, (s) => s.state === 'Leader');

/** Whether server i has working links to a quorum (itself included) in state c. */
function connectedToQuorum(c: ClusterReader, links: Links, i: number): boolean {
  let reach = 1;
  for (let j = 0; j < c.n; j++) if (j !== i && links(c, i, j)) reach++;
  return isQuorum(reach, c.n);
}

/**
 * A leader with working links to a quorum whose term no server's exceeds: nobody is campaigning past it, so
 * nothing can depose it, and it can commit. Over static links a leader always has such links (its votes came over
 * them), so the clause matters only when partitions cut links under an elected leader.
 */
const stableLeader =
  (links: Links): ClusterPredicate =>
  (c) =>
    someServer(c, (s, i) => {
      if (s.state !== 'Leader' || !connectedToQuorum(c, links, i)) return false;
      for (let j = 0; j < c.n; j++) if (c.server(j).currentTerm > s.currentTerm) return false;
      return true;
    });

/** The roles in which a server is campaigning: Candidate, and every variant's that campaigns as one does. */
const CAMPAIGNING: ReadonlySet<string> = new Set([
  'Candidate',
  ...(VARIANT_MODULES as readonly VariantModule[]).flatMap((m) => m.liveness.campaigning),
]);

/**
 * Server i is settled: it leads with working links to a quorum, no server has a higher term, and no other server
 * is campaigning (a Candidate, or in a variant's role that campaigns, its module's `liveness.campaigning`:
 * prevote's PreCandidate). Why the last clause is faithful: a campaign that is under way when i wins is an
 * election race, which real clusters settle by randomized timeouts (result 1) and which no variant claims to
 * prevent; what PreVote and CheckQuorum claim is about a server that starts campaigning after the leader is
 * established, from a timer that fires then. So LeaderNotDisrupted arms once every earlier campaign has ended
 * (its candidate heard the leader, or took a term and stepped down) and judges every campaign that starts later.
 */
function settled(c: ClusterReader, i: number, links: Links): boolean {
  const me = c.server(i);
  if (me.state !== 'Leader' || !connectedToQuorum(c, links, i)) return false;
  for (let j = 0; j < c.n; j++) {
    const s = c.server(j);
    if (s.currentTerm > me.currentTerm || CAMPAIGNING.has(s.state)) return false;
  }
  return true;
}

export const RAFT_PROPERTIES = [
  {
    name: 'EventuallyLeader',
    formula: '<>(some server leads)',
    meaning: 'some server eventually becomes leader',
    build: () => [{ name: 'EventuallyLeader', kind: 'eventually', p: someLeader }],
  },
  {
    name: 'InfinitelyOftenLeader',
    formula: '[]<>(some server leads)',
    meaning: 'there is a leader again and again: the cluster never stays leaderless for good',
    build: () => [{ name: 'InfinitelyOftenLeader', kind: 'infinitelyOften', p: someLeader }],
  },
  {
    name: 'EventuallyStableLeader',
    formula: '<>[](some server leads with working links to a quorum, and no server has a higher term)',
    meaning:
      'from some point on one server leads in one term, connected to a quorum: with ElectionSafety, a leader ' +
      'whose term no server exceeds can only stop leading once some server has a higher term, so this holding ' +
      'forever means the same leader in the same term, able to commit, and nobody campaigning against it',
    build: (_config, links) => [{ name: 'EventuallyStableLeader', kind: 'eventuallyAlways', p: stableLeader(links) }],
  },
  {
    name: 'CommitProgress',
    formula: '/\\ n: (a leader connected to a quorum holds an entry at n) ~> (some server has committed n)',
    meaning:
      'a client request taken by a leader with working links to a quorum is eventually committed (at its ' +
      'index: an entry that a later leader overwrites counts once the entry that replaced it is committed)',
    build: (config, links) =>
      Array.from({ length: config.maxLogLen }, (_, k): RaftTemporal => {
        const n = k + 1;
        return {
          name: `CommitProgress@${n}`,
          kind: 'leadsTo',
          p: (c) =>
            someServer(c, (s, i) => s.state === 'Leader' && s.log.length >= n && connectedToQuorum(c, links, i)),
          q: (c) => someServer(c, (s) => s.commitIndex >= n),
        };
      }),
  },
  {
    name: 'IsolatedLeaderStepsDown',
    formula: '/\\ i: (i leads without working links to a quorum) ~> (i does not lead, or has them again)',
    meaning:
      "what a leader's quorum check claims (thesis §6.2): a leader that cut links separate from a quorum " +
      'eventually steps down, so that it no longer holds a follower that refuses pre-votes (Howard and Abraham ' +
      '2020, quorum loss); over static links a leader always has such links, so only links cut in the state ' +
      'make it fail',
    build: (config, links) =>
      Array.from({ length: config.servers }, (_, i): RaftTemporal => {
        const leads = (c: ClusterReader): boolean => c.server(i).state === 'Leader';
        return {
          name: `IsolatedLeaderStepsDown@s${i + 1}`,
          kind: 'leadsTo',
          p: (c) => leads(c) && !connectedToQuorum(c, links, i),
          q: (c) => !leads(c) || connectedToQuorum(c, links, i),
        };
      }),
  },
  {
    name: 'LeaderNotDisrupted',
    formula: '/\\ i: [](i settled ⇒ i stays leader in its term until it restarts or loses its quorum)',
    meaning:
      'the stability pre-votes and quorum checks claim (thesis §9.6, §6.2): once server i leads with working ' +
      'links to a quorum, no server has a higher term and no other server is campaigning (it is settled: the election race is over), no step deposes it (changes its role ' +
      'or term) other than its own Restart, as long as it keeps working links to a quorum (a partition can take ' +
      'them away). A safety property over a history the checker keeps (one bit per server: settled since its ' +
      'last Restart or loss of its quorum); a violation is a finite behaviour whose last step deposes it',
    build: (config, links) =>
      Array.from({ length: config.servers }, (_, i): RaftTemporal => {
        const restartOf = (code: number): boolean => {
          const a = unpackAction(code);
          return a.name === 'Restart' && a.i === i;
        };
        return {
          name: `LeaderNotDisrupted@s${i + 1}`,
          kind: 'step',
          arms: (c) => settled(c, i, links),
          // A leader that a partition cuts from its quorum is no longer promised anything (static links: never).
          disarms: (_from, code, to) => restartOf(code) || !connectedToQuorum(to, links, i),
          holds: (from, code, to) => {
            const before = from.server(i);
            const after = to.server(i);
            if (before.state !== 'Leader') return true;
            return (after.state === 'Leader' && after.currentTerm === before.currentTerm) || restartOf(code);
          },
        };
      }),
  },
] as const satisfies readonly RaftProperty[];

export type RaftPropertyName = (typeof RAFT_PROPERTIES)[number]['name'];

/** The built-in property of that name, or undefined. */
export function findProperty(name: string): RaftProperty | undefined {
  return RAFT_PROPERTIES.find((p) => p.name === name);
}

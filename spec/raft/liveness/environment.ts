/**
 * The environment a liveness run assumes, as a restriction of the model's steps (the spec itself is unchanged,
 * and with every link up and timers off the model is exactly the plain one, counts included):
 *
 * - links (`--links s1-s2,s2-s3`): only these pairs can exchange messages, both ways. A message on a cut link is
 *   never received (it may still be sent, and dropped): its Receive steps are removed. With the partitions
 *   variant on, these are the links a Partition can cut, and a link works when it is one of them and the state
 *   has not cut it (`workingLinks`): the timers and the properties read that.
 * - timers (`--timers`): a server may time out only when no leader of its term or a higher one has a working
 *   link to it. Why this is faithful to real timers: Raft's liveness rests on partial synchrony, a leader's
 *   heartbeats (AppendEntries, sent more often than the smallest election timeout) reaching a follower over a
 *   working link before its timer fires, and every receipt resetting the timer (a receiver of a lower term first
 *   takes the leader's term, §5.1). So a server linked to a leader of its term or a higher one never times out;
 *   one that is cut from every leader, or has no leader, or has moved past its leader's term (it rejects that
 *   leader's heartbeats), eventually does. The untimed model lets any server time out at any
 *   moment, which is what makes a healthy leader look disruptable; this keeps exactly the timeouts a real timer
 *   could fire. (A leader whose heartbeats are delayed past a timeout on a working link is outside the
 *   assumption, as it is outside Raft's liveness claim.)
 *   The same flag times a variant's periodic actions that its module lists (`liveness.timers`), each by its
 *   own rule: check-quorum's leader, which checks once per election timeout, checks only once its heartbeats
 *   of that period have been answered over every working link (variants/checkQuorum.ts).
 */
import { ACTION_NAMES, ACTION_PARAMS, codeName, unpackAction } from '../actions.js';
import { Cluster, type ClusterReader } from '../cluster.js';
import type { RaftConfig } from '../config.js';
import type { FastRaftModel } from '../model.js';
import { variantModules } from '../variants.js';
import type { TimerRule } from '../variants/variant.js';

/** Whether servers i and j (0-based) have a working link in state c. */
export type Links = (c: ClusterReader, i: number, j: number) => boolean;

/**
 * The working links of a state: the static ones (`--links`, absent: every pair) that no variant keeping links in
 * the state (partitions, its `linked` hook) has cut. With no such variant on, the static links alone.
 */
export function workingLinks(config: RaftConfig, links?: (i: number, j: number) => boolean): Links {
  const inState = variantModules(config.variants).flatMap((m) => m.hooks.linked ?? []);
  const up = links ?? ((): boolean => true);
  if (inState.length === 0) return (_c, i, j) => up(i, j);
  return (c, i, j) => up(i, j) && inState.every((f) => f(c, i, j));
}

export interface Environment {
  /** Whether servers i and j (0-based) have a working link; absent: every pair. */
  readonly links?: (i: number, j: number) => boolean;
  readonly timers?: boolean;
  /**
   * partitions (`--partition-links`): the links a Partition may cut, among `links`; absent: every one of them.
   * A model of which links fail, and a way to keep the space small.
   */
  readonly partitionLinks?: (i: number, j: number) => boolean;
}

/** The links a `--links` list names (`s1-s2,s2-s3`), as a predicate; an error message for a bad item. */
export function parseLinks(items: readonly string[], servers: number): ((i: number, j: number) => boolean) | string {
  const up = new Set<string>();
  for (const item of items) {
    const m = /^s(\d+)-s(\d+)$/.exec(item);
    const a = m === null ? NaN : Number(m[1]) - 1;
    const b = m === null ? NaN : Number(m[2]) - 1;
    if (!(a >= 0 && a < servers && b >= 0 && b < servers) || a === b) {
      return `'${item}' is not a link between two of s1..s${servers} (write s1-s2)`;
    }
    up.add(`${a},${b}`).add(`${b},${a}`);
  }
  return (i, j) => i === j || up.has(`${i},${j}`);
}

/** Timeout under --timers: no leader of server i's term or a higher one has a working link to it. */
function timerMayFire(c: ClusterReader, i: number, linked: Links): boolean {
  const term = c.server(i).currentTerm;
  for (let j = 0; j < c.n; j++) {
    const s = c.server(j);
    if (s.state === 'Leader' && s.currentTerm >= term && linked(c, j, i)) return false;
  }
  return true;
}

/**
 * The model `fast` restricted to `env`; `fast` itself when it restricts nothing. A variant's action on a link
 * (partitions' Partition and Heal) is listed only over the static links (`--links` is the network a partition
 * cuts), and only over `partitionLinks` when given. Delivery over a link the state has cut is the variant's to refuse (it does, in its Receive).
 */
export function restrictedModel(fast: FastRaftModel, env: Environment): FastRaftModel {
  const links = env.links;
  const timers = env.timers === true;
  const fragile = env.partitionLinks;
  if (links === undefined && !timers && fragile === undefined) return fast;
  const up = links ?? ((): boolean => true);
  const cuttable = fragile ?? ((): boolean => true);
  const linked = workingLinks(fast.config, links);
  const onLink = new Set(
    variantModules(fast.config.variants).flatMap((m) => m.actions.filter((a) => a.onLink === true).map((a) => a.name)),
  );
  // The variants' timed actions (their modules' `liveness.timers`), by action kind.
  const timerOf: (TimerRule['mayRun'] | undefined)[] = ACTION_NAMES.map(() => undefined);
  for (const m of variantModules(fast.config.variants)) {
    for (const [name, t] of Object.entries(m.liveness.timers)) {
      const kind = ACTION_NAMES.indexOf(name as never);
      if (kind < 0) throw new Error(`liveness: ${m.variant.name} times '${name}', which is none of its actions`);
      timerOf[kind] = t.mayRun;
    }
  }
  const reader = new Cluster(fast.layout);
  const allowed = (code: number): boolean => {
    const name = codeName(code);
    if (ACTION_PARAMS[name] === 'receive') {
      const m = reader.message(unpackAction(code).k);
      return up(m.source, m.dest);
    }
    if (onLink.has(name)) {
      const a = unpackAction(code);
      return up(a.i, a.j) && cuttable(a.i, a.j);
    }
    if (!timers) return true;
    if (name === 'Timeout') return timerMayFire(reader, unpackAction(code).i, linked);
    const timed = timerOf[code & 31];
    return timed === undefined || timed(reader, unpackAction(code).i, linked);
  };
  return {
    ...fast,
    next: (s) => {
      reader.begin(s);
      return fast.next(s).filter((t) => allowed(t.action));
    },
    forEachSuccessor: (s, visit) => {
      reader.begin(s);
      fast.forEachSuccessor!(s, (code, t) => {
        if (allowed(code)) visit(code, t);
      });
    },
  };
}

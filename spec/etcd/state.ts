/**
 * The shape of an etcd profile state, declared once: etcdraft.tla's variables. A state is a plain value that is
 * never mutated: an action copies what it changes (one server's record, one bag) and shares the rest.
 *
 * Servers are numbered 1..N and stored at index id-1; sets of servers are bit masks (servers.ts); `votedFor`
 * 0 is etcdraft.tla's Nil; logs are arrays of packed entries (entry.ts).
 */
import { EMPTY_BAG, type Bag } from './bag.js';
import { configEntry } from './entry.js';
import type { EtcdConfig } from './config.js';

export const ROLES = ['Follower', 'Candidate', 'Leader'] as const;
export type Role = (typeof ROLES)[number];

/** A server's configuration (etcdraft.tla `config[i]`): `jointConfig` is `<<voters, outgoing>>`. */
export interface Conf {
  readonly voters: number;
  readonly outgoing: number;
  readonly learners: number;
}

/** What a server last persisted (etcdraft.tla `durableState[i]`); `log` is the persisted log's length. */
export interface Durable {
  readonly currentTerm: number;
  readonly votedFor: number;
  readonly log: number;
  readonly commitIndex: number;
  readonly config: Conf;
}

/** One server's variables. */
export interface ServerVars {
  readonly currentTerm: number;
  readonly state: Role;
  readonly votedFor: number;
  readonly log: readonly number[];
  readonly commitIndex: number;
  readonly votesResponded: number;
  readonly votesGranted: number;
  /** matchIndex[i][j] at index j-1. */
  readonly matchIndex: readonly number[];
  readonly pendingConfChangeIndex: number;
  readonly config: Conf;
  readonly durableState: Durable;
}

export interface EtcdState {
  /** Server id k+1 at index k. */
  readonly servers: readonly ServerVars[];
  readonly reconfigCount: number;
  /** Messages in the network. */
  readonly messages: Bag;
  /** Messages produced but not yet handed to the network by a Ready. */
  readonly pendingMessages: Bag;
}

/** The durable record of `v` as it is now (etcdraft.tla PersistState). */
export function persisted(v: Omit<ServerVars, 'durableState'>): Durable {
  return {
    currentTerm: v.currentTerm,
    votedFor: v.votedFor,
    log: v.log.length,
    commitIndex: v.commitIndex,
    config: v.config,
  };
}

/** `s` with server `id`'s variables replaced by `v`. */
export function withServer(s: EtcdState, id: number, v: ServerVars): EtcdState {
  const servers = s.servers.slice();
  servers[id - 1] = v;
  return { ...s, servers };
}

export function server(s: EtcdState, id: number): ServerVars {
  return s.servers[id - 1]!;
}

/**
 * A server of a freshly started cluster: at term 1 in configuration `members` (a mask) with `log` all committed,
 * or, when `members` is 0, at term 0 in none; its durable state is that.
 */
export function startingServer(servers: number, members: number, log: readonly number[]): ServerVars {
  const v = {
    currentTerm: members === 0 ? 0 : 1,
    state: 'Follower' as const,
    votedFor: 0,
    log,
    commitIndex: log.length,
    votesResponded: 0,
    votesGranted: 0,
    matchIndex: new Array<number>(servers).fill(0),
    pendingConfChangeIndex: 0,
    config: { voters: members, outgoing: 0, learners: 0 },
  };
  return { ...v, durableState: persisted(v) };
}

/**
 * MCetcdraft's initial state: s1..sK bootstrapped at term 1 with one configuration entry per member (the k-th
 * naming s1..sk, as a Node-based application logs them) all committed; the other servers empty, at term 0, in
 * no configuration.
 */
export function initialEtcdState(config: EtcdConfig): EtcdState {
  const k = config.initServers;
  const bootstrap = Array.from({ length: k }, (_, n) => configEntry(1, (1 << (n + 1)) - 1, 0));
  const servers = Array.from({ length: config.servers }, (_, n) =>
    n < k ? startingServer(config.servers, (1 << k) - 1, bootstrap) : startingServer(config.servers, 0, []),
  );
  return { servers, reconfigCount: 0, messages: EMPTY_BAG, pendingMessages: EMPTY_BAG };
}

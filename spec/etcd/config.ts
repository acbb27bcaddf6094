/**
 * The constants of an etcd profile model, as MCetcdraft.tla names them, and the state constraints (bounds) that
 * keep the search finite. MCetcdraft's own limits are guards on actions (a Timeout past MaxTermLimit is not
 * enabled, a client request past RequestLimit is not enabled); the bounds are state constraints (TLC's
 * CONSTRAINT): a successor that breaks one is generated and checked, but neither counted as distinct nor
 * explored.
 */

export interface EtcdConfig {
  /** |Server|: servers s1..sN. */
  readonly servers: number;
  /** |InitServer|: s1..sK form the bootstrap configuration; the others may be added by reconfiguration. */
  readonly initServers: number;
  /** MCetcdraft ReconfigurationLimit: configuration changes applied by a leader, in all. */
  readonly reconfigLimit: number;
  /** MCetcdraft MaxTermLimit: no Timeout from this term on. */
  readonly maxTerm: number;
  /** MCetcdraft RequestLimit: no client request once a leader's log holds this many value entries. */
  readonly requestLimit: number;
  /** Bound: at most this many messages, counting copies, in `messages` plus `pendingMessages` (0: no bound). */
  readonly maxInFlight: number;
  /** Bound: no log longer than this, bootstrap entries included (0: no bound). */
  readonly maxLog: number;
  /** Bound: no commitIndex above this (0: no bound). */
  readonly maxCommit: number;
  /**
   * Bound: every term t ≥ 2 has one campaigner, its owner s((t−2) mod N + 1), which does not give up, and there is
   * at most one leader at a time: a server is a candidate or leader exactly when it voted for itself in its
   * current term, and then owns that term. A directed bound (off by default) that keeps a three-voter search with
   * two elections small enough for TLC.
   */
  readonly ownedTerms: boolean;
  /** etcdraft.tla NextCrash (Restart). */
  readonly restart: boolean;
  /** etcdraft.tla NextUnreliable's DuplicateMessage. */
  readonly duplicate: boolean;
  /** etcdraft.tla NextUnreliable's DropMessage. */
  readonly drop: boolean;
}

/** The default: 3 servers bootstrapped together, no reconfiguration, one client request. */
export const DEFAULT_ETCD_CONFIG: EtcdConfig = {
  servers: 3,
  initServers: 3,
  reconfigLimit: 0,
  maxTerm: 2,
  requestLimit: 1,
  maxInFlight: 2,
  maxLog: 4,
  maxCommit: 0,
  ownedTerms: false,
  restart: true,
  duplicate: true,
  drop: true,
};

/** Each number's accepted range. */
export const ETCD_RANGES = {
  servers: [1, 6],
  initServers: [1, 6],
  reconfigLimit: [0, 9],
  maxTerm: [1, 31],
  requestLimit: [0, 9],
  maxInFlight: [0, 20],
  maxLog: [0, 20],
  maxCommit: [0, 20],
} as const;

/**
 * The guards MCetcdraft.tla adds to etcdraft.tla's actions. Trace validation runs etcdraft.tla itself, as
 * Traceetcdraft.tla does (UNGUARDED); model checking runs MCetcdraft's (`guardsOf`).
 */
export interface EtcdGuards {
  /** MCTimeout: no Timeout from this term on. */
  readonly maxTerm: number;
  /** MCClientRequest. */
  readonly requestLimit: number;
  /** MCAddNewServer, MCAddLearner, MCDeleteServer. */
  readonly reconfigLimit: number;
  /** MCTimeout: no Timeout while a voter of the server's configuration is a candidate. */
  readonly oneCampaign: boolean;
  /** MCSend: one AppendEntries exchange per pair and term in flight. */
  readonly oneAppendInFlight: boolean;
}

export function guardsOf(config: EtcdConfig): EtcdGuards {
  return {
    maxTerm: config.maxTerm,
    requestLimit: config.requestLimit,
    reconfigLimit: config.reconfigLimit,
    oneCampaign: true,
    oneAppendInFlight: true,
  };
}

export const UNGUARDED: EtcdGuards = {
  maxTerm: Infinity,
  requestLimit: Infinity,
  reconfigLimit: Infinity,
  oneCampaign: false,
  oneAppendInFlight: false,
};

/** The problem with `config`, in one line, or undefined when it is valid. */
export function etcdConfigError(config: EtcdConfig): string | undefined {
  for (const [key, [lo, hi]] of Object.entries(ETCD_RANGES)) {
    const v = config[key as keyof typeof ETCD_RANGES];
    if (!Number.isInteger(v) || v < lo || v > hi) return `${key} must be an integer from ${lo} to ${hi}, got ${v}`;
  }
  if (config.initServers > config.servers) {
    return `initServers (${config.initServers}) cannot exceed servers (${config.servers})`;
  }
  return undefined;
}

/** The model flags of the etcd profile (`--profile etcd`): MCetcdraft's constants and the bounds of config.ts. */
import { DEFAULT_ETCD_CONFIG, ETCD_RANGES, type EtcdConfig } from '../../spec/etcd/config.js';
import { COMMON_MODEL_OPTIONS, onOff, switchFlag } from '../modelFlags.js';
import { ETCD_INVARIANTS } from '../../spec/etcd/invariants.js';
import { intFlag, listFlag, UsageError, type FlagValues } from '../usage.js';

export const ETCD_MODEL_OPTIONS = {
  ...COMMON_MODEL_OPTIONS,
  profile: { type: 'string' },
  'init-servers': { type: 'string' },
  'reconfig-limit': { type: 'string' },
  'request-limit': { type: 'string' },
  'max-commit': { type: 'string' },
  'owned-terms': { type: 'boolean' },
  'no-owned-terms': { type: 'boolean' },
} as const;

const d = DEFAULT_ETCD_CONFIG;

export const ETCD_MODEL_HELP = `Model (--profile etcd: etcd-io/raft's tla/MCetcdraft.tla; docs/etcd.md):
  --servers N          |Server|, servers s1..sN, ${ETCD_RANGES.servers.join(' to ')} (default ${d.servers})
  --init-servers K     |InitServer|: s1..sK bootstrapped together (default: all servers)
  --reconfig-limit R   ReconfigurationLimit: configuration changes in all (default ${d.reconfigLimit})
  --max-term T         MaxTermLimit: no Timeout from term T on (default ${d.maxTerm})
  --request-limit Q    RequestLimit: a leader appends no client entry once its log holds Q (default ${d.requestLimit})
  --max-in-flight F    bound: at most F messages (copies counted) in messages plus pendingMessages, 0 for none
                       (default ${d.maxInFlight})
  --max-log L          bound: no log longer than L entries, bootstrap entries included, 0 for none (default ${d.maxLog})
  --max-commit C       bound: no commitIndex above C, 0 for none (default ${d.maxCommit})
  --[no-]owned-terms   bound: term t has one campaigner, s((t-2) mod N + 1), which stays candidate or leader for
                       the rest of the term, and at most one leader at a time (default ${onOff(d.ownedTerms)};
                       docs/etcd.md)
  --[no-]restart       include Restart (default ${onOff(d.restart)})
  --[no-]duplicate     include DuplicateMessage (default ${onOff(d.duplicate)})
  --[no-]drop          include DropMessage (default ${onOff(d.drop)})`;

/** The configuration the flags describe; a usage error for a value out of range. */
export function etcdConfigFromFlags(values: FlagValues): EtcdConfig {
  const r = ETCD_RANGES;
  const servers = intFlag(values, 'servers', d.servers, ...r.servers);
  return {
    servers,
    initServers: intFlag(values, 'init-servers', servers, 1, servers),
    reconfigLimit: intFlag(values, 'reconfig-limit', d.reconfigLimit, ...r.reconfigLimit),
    maxTerm: intFlag(values, 'max-term', d.maxTerm, ...r.maxTerm),
    requestLimit: intFlag(values, 'request-limit', d.requestLimit, ...r.requestLimit),
    maxInFlight: intFlag(values, 'max-in-flight', d.maxInFlight, ...r.maxInFlight),
    maxLog: intFlag(values, 'max-log', d.maxLog, ...r.maxLog),
    maxCommit: intFlag(values, 'max-commit', d.maxCommit, ...r.maxCommit),
    ownedTerms: switchFlag(values, 'owned-terms', d.ownedTerms),
    restart: switchFlag(values, 'restart', d.restart),
    duplicate: switchFlag(values, 'duplicate', d.duplicate),
    drop: switchFlag(values, 'drop', d.drop),
  };
}

/** The invariant names `--invariants` gives (empty: all); a usage error for an unknown one. */
export function etcdInvariantsFromFlags(values: FlagValues): string[] {
  const names = listFlag(values, 'invariants');
  const known = ETCD_INVARIANTS.map((i) => i.name);
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`unknown invariant '${name}' (known: ${known.join(', ')})`);
  }
  return names;
}

/** The flags that give `c`, all spelled out, for the commands that reproduce a run. */
export function etcdModelFlags(c: EtcdConfig): string {
  const sw = (name: string, on: boolean): string => (on ? `--${name}` : `--no-${name}`);
  return (
    `--servers ${c.servers} --init-servers ${c.initServers} --reconfig-limit ${c.reconfigLimit} --max-term ${c.maxTerm} ` +
    `--request-limit ${c.requestLimit} --max-in-flight ${c.maxInFlight} --max-log ${c.maxLog} ` +
    `--max-commit ${c.maxCommit} ${sw('owned-terms', c.ownedTerms)} ${sw('restart', c.restart)} ${sw('duplicate', c.duplicate)} ${sw('drop', c.drop)}`
  );
}

/** One line naming the model, for summaries. */
export function describeEtcdConfig(c: EtcdConfig): string {
  const bound = (n: number): string => (n === 0 ? 'none' : String(n));
  return (
    `etcd profile, ${c.servers} servers (s1..s${c.initServers} bootstrapped), reconfigLimit ${c.reconfigLimit}, ` +
    `maxTerm ${c.maxTerm}, requestLimit ${c.requestLimit}, maxInFlight ${bound(c.maxInFlight)}, maxLog ${bound(c.maxLog)}, ` +
    `${c.maxCommit > 0 ? `maxCommit ${c.maxCommit}, ` : ''}${c.ownedTerms ? 'owned terms, ' : ''}restart ${onOff(c.restart)}, duplicate ${onOff(c.duplicate)}, drop ${onOff(c.drop)}`
  );
}

/** The arguments ask for the etcd profile: `--profile etcd`, or `validate --format etcd`. */
export function wantsEtcd(args: readonly string[]): boolean {
  if (profileOf(args) === 'etcd') return true;
  const at = args.indexOf('--format');
  return args[0] === 'validate' && (args.includes('--format=etcd') || (at >= 0 && args[at + 1] === 'etcd'));
}

/** The profile a command's arguments name: `raft` (the default) or `etcd`; a usage error for another. */
export function profileOf(args: readonly string[]): 'raft' | 'etcd' {
  const at = args.findIndex((a) => a === '--profile' || a.startsWith('--profile='));
  if (at < 0) return 'raft';
  const value = args[at]!.includes('=') ? args[at]!.slice('--profile='.length) : args[at + 1];
  if (value === 'raft' || value === 'etcd') return value;
  throw new UsageError(`--profile must be raft or etcd, got '${value ?? ''}'`);
}

/** `args` without `--profile raft` (the reference profile's commands know no --profile flag). */
export function withoutProfile(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--profile') k++;
    else if (!args[k]!.startsWith('--profile=')) out.push(args[k]!);
  }
  return out;
}

/** The flags that choose a model: sizes, bounds, switches and bugs. Shared by every command that runs the spec. */
import { BUGS, findBug, missingVariants } from '../spec/raft/bugs.js';
import { CONFIG_RANGES, DEFAULT_CONFIG, PARTITIONS_RANGE, type RaftConfig } from '../spec/raft/config.js';
import { raftModel, type RaftModel } from '../spec/raft/model.js';
import { findVariant, isOn, VARIANTS } from '../spec/raft/variants.js';
import { intFlag, listFlag, UsageError, type FlagValues } from './usage.js';

/** The flags every profile's model reads the same way: sizes, the common bounds and the fault switches. */
export const COMMON_MODEL_OPTIONS = {
  servers: { type: 'string' },
  'max-term': { type: 'string' },
  'max-log': { type: 'string' },
  'max-in-flight': { type: 'string' },
  restart: { type: 'boolean' },
  'no-restart': { type: 'boolean' },
  duplicate: { type: 'boolean' },
  'no-duplicate': { type: 'boolean' },
  drop: { type: 'boolean' },
  'no-drop': { type: 'boolean' },
} as const;

export const MODEL_OPTIONS = {
  ...COMMON_MODEL_OPTIONS,
  values: { type: 'string' },
  'max-copies': { type: 'string' },
  bug: { type: 'string', multiple: true },
  variant: { type: 'string', multiple: true },
  'initial-members': { type: 'string' },
  partitions: { type: 'string' },
} as const;

const d = DEFAULT_CONFIG;
export const onOff = (b: boolean): string => (b ? 'on' : 'off');

/** Help lines for the model flags, with their defaults. */
export const MODEL_HELP = `Model:
  --servers N         number of servers, ${CONFIG_RANGES.servers.join(' to ')} (default ${d.servers})
  --values K          number of client values, ${CONFIG_RANGES.values.join(' to ')} (default ${d.values})
  --max-term T        no server's term exceeds T (default ${d.maxTerm})
  --max-log L         no log is longer than L (default ${d.maxLogLen})
  --max-copies C      no message has more than C copies in flight (default ${d.maxCopies})
  --max-in-flight F   at most F copies in flight in all, 0 for no bound (default ${d.maxInFlight})
  --[no-]restart      include Restart (default ${onOff(d.restart)})
  --[no-]duplicate    include DuplicateMessage (default ${onOff(d.duplicate)})
  --[no-]drop         include DropMessage (default ${onOff(d.drop)})
  --variant NAME      switch on a protocol variant (repeatable, composable; docs/variants.md): ${VARIANTS.map((v) => v.name).join(', ')}
  --initial-members K membership: the first configuration is s1..sK (default servers − 1, so one can join)
  --partitions K      links are part of the state: Partition and Heal cut and restore the link between two
                      servers, at most K Partition steps in a behaviour (${PARTITIONS_RANGE.join(' to ')}; switches on --variant
                      partitions, whose default is 1; docs/liveness.md)
  --bug NAME          swap in a deliberate bug (repeatable): ${BUGS.map((b) => b.name).join(', ')}`;

/** A `--[no-]NAME` switch: on, off, or `fallback`; a usage error for both. */
export function switchFlag(values: FlagValues, name: string, fallback: boolean): boolean {
  if (values[name] === true && values[`no-${name}`] === true) {
    throw new UsageError(`--${name} and --no-${name} contradict each other`);
  }
  if (values[name] === true) return true;
  if (values[`no-${name}`] === true) return false;
  return fallback;
}

/** The configuration the flags describe; a usage error for any value out of range. */
export function configFromFlags(values: FlagValues, defaults: RaftConfig = DEFAULT_CONFIG): RaftConfig {
  const r = CONFIG_RANGES;
  const servers = intFlag(values, 'servers', defaults.servers, ...r.servers);
  const partitions = partitionsField(values, servers, defaults.partitions);
  const named = variantsFromFlags(values, defaults.variants ?? []);
  const variants = partitions.partitions === undefined ? named : [...new Set([...named, 'partitions'])].sort();
  return {
    servers,
    values: intFlag(values, 'values', defaults.values, ...r.values),
    maxTerm: intFlag(values, 'max-term', defaults.maxTerm, ...r.maxTerm),
    maxLogLen: intFlag(values, 'max-log', defaults.maxLogLen, ...r.maxLogLen),
    maxCopies: intFlag(values, 'max-copies', defaults.maxCopies, ...r.maxCopies),
    maxInFlight: intFlag(values, 'max-in-flight', defaults.maxInFlight, ...r.maxInFlight),
    restart: switchFlag(values, 'restart', defaults.restart),
    duplicate: switchFlag(values, 'duplicate', defaults.duplicate),
    drop: switchFlag(values, 'drop', defaults.drop),
    // Absent rather than empty when no variant is on, so that raft.tla's configuration reads as it always did
    // (in --json reports, trace headers and cache keys).
    ...variantsField(variants),
    ...initialMembersField(values, servers, variants, defaults.initialMembers),
    ...partitions,
  };
}

/**
 * `--partitions K`, absent unless given: it switches the partitions variant on (variants/partitions.ts), so that
 * the bound alone says what it means, as --max-term does; `--variant partitions` alone takes one partition.
 */
function partitionsField(values: FlagValues, servers: number, fallback: number | undefined): { partitions?: number } {
  if (values.partitions === undefined) return fallback === undefined ? {} : { partitions: fallback };
  if (servers < 2) throw new UsageError('--partitions needs at least 2 servers: a partition cuts the link between two');
  return { partitions: intFlag(values, 'partitions', 1, ...PARTITIONS_RANGE) };
}

/** membership's --initial-members, absent unless given (or defaulted), so other configurations read as before. */
function initialMembersField(
  values: FlagValues,
  servers: number,
  variants: readonly string[],
  fallback: number | undefined,
): { initialMembers?: number } {
  if (values['initial-members'] === undefined) return fallback === undefined ? {} : { initialMembers: fallback };
  if (!isOn(variants, 'membership')) throw new UsageError('--initial-members needs --variant membership');
  return { initialMembers: intFlag(values, 'initial-members', servers - 1, 1, servers) };
}

function variantsField(variants: readonly string[]): { variants?: readonly string[] } {
  return variants.length === 0 ? {} : { variants };
}

/**
 * The variants the flags switch on, sorted and without repeats (so that equal choices are equal configurations),
 * or `defaults` when no --variant is given; a usage error for an unknown name.
 */
export function variantsFromFlags(values: FlagValues, defaults: readonly string[] = []): string[] {
  const names = listFlag(values, 'variant');
  if (names.length === 0) return [...defaults];
  for (const name of names) {
    if (findVariant(name) === undefined) {
      throw new UsageError(`unknown variant '${name}' (known: ${VARIANTS.map((v) => v.name).join(', ')})`);
    }
  }
  return [...new Set(names)].sort();
}

/** The bug names the flags give; a usage error for an unknown one. */
export function bugsFromFlags(values: FlagValues): string[] {
  const bugs = listFlag(values, 'bug');
  for (const name of bugs) {
    if (findBug(name) === undefined) {
      throw new UsageError(`unknown bug '${name}' (known: ${BUGS.map((b) => b.name).join(', ')})`);
    }
  }
  return [...new Set(bugs)];
}

/** A usage error when a bug changes a rule of a variant that `config` leaves off. */
export function checkBugVariants(config: RaftConfig, bugs: readonly string[]): void {
  for (const name of bugs) {
    const v = missingVariants(config, name)[0];
    if (v !== undefined) throw new UsageError(`bug '${name}' changes a rule of variant ${v}: add --variant ${v}`);
  }
}

/** The model the flags describe. */
export function modelFromFlags(values: FlagValues): RaftModel {
  const config = configFromFlags(values);
  const bugs = bugsFromFlags(values);
  checkBugVariants(config, bugs);
  return raftModel(config, bugs);
}

/** One line naming the model, for summaries. */
export function describeModel(model: RaftModel): string {
  const c = model.config;
  const bugs = model.bugs.length > 0 ? `, bug ${model.bugs.join('+')}` : '';
  const members =
    (c.initialMembers === undefined ? '' : `, initial members ${c.initialMembers}`) +
    (c.partitions === undefined ? '' : `, partitions ${c.partitions}`);
  const variants = (c.variants ?? []).length > 0 ? `, variant ${(c.variants ?? []).join('+')}${members}` : '';
  return (
    `${c.servers} server${c.servers > 1 ? 's' : ''}, ${c.values} value${c.values > 1 ? 's' : ''}, maxTerm ${c.maxTerm}, maxLog ${c.maxLogLen}, ` +
    `maxCopies ${c.maxCopies}, maxInFlight ${c.maxInFlight === 0 ? 'none' : c.maxInFlight}, ` +
    `restart ${onOff(c.restart)}, duplicate ${onOff(c.duplicate)}, drop ${onOff(c.drop)}${variants}${bugs}`
  );
}

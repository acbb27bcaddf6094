/** The flags that choose a model: sizes, bounds, switches and bugs. Shared by every command that runs the spec. */
import { BUGS, findBug, missingVariants } from '../spec/raft/bugs.js';
import { CONFIG_RANGES, DEFAULT_CONFIG, type RaftConfig } from '../spec/raft/config.js';
import { raftModel, type RaftModel } from '../spec/raft/model.js';
import {
  findVariant,
  isOn,
  optionRange,
  optionRangeText,
  VARIANT_OPTIONS,
  VARIANTS,
  type OwnedOption,
} from '../spec/raft/variants.js';
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
  // The variants' options (variants/variant.ts `VariantOption`): `--initial-members K`, `--partitions K`.
  ...(Object.fromEntries(VARIANT_OPTIONS.map((o) => [o.flag, { type: 'string' }])) as Readonly<
    Record<string, { readonly type: 'string' }>
  >),
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
${VARIANT_OPTIONS.map(optionHelp).join('\n')}
  --bug NAME          swap in a deliberate bug (repeatable): ${BUGS.map((b) => b.name).join(', ')}`;

/** The help line of a variant's option: `--initial-members K membership: ... (1 to N; default ...)`. */
function optionHelp(o: OwnedOption): string {
  const switches = o.switchesOn ? `; switches on --variant ${o.variant}` : `; needs --variant ${o.variant}`;
  const text = `${o.variant}: ${o.help} (${optionRangeText(o)}; default ${o.fallback}${switches})`;
  return `  ${`--${o.flag} K`.padEnd(19)} ${text}`;
}

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
  const named = variantsFromFlags(values, defaults.variants ?? []);
  // An option that switches its variant on (`--partitions K`) does so when given.
  const switched = VARIANT_OPTIONS.filter((o) => o.switchesOn && values[o.flag] !== undefined).map((o) => o.variant);
  const variants = switched.length === 0 ? named : [...new Set([...named, ...switched])].sort();
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
    ...optionFields(values, servers, variants, defaults),
  };
}

/**
 * The variants' options the flags give (or `defaults` has), each absent unless given, so that configurations
 * without them read as before; a usage error for a value out of range or an option whose variant is off.
 */
function optionFields(
  values: FlagValues,
  servers: number,
  variants: readonly string[],
  defaults: RaftConfig,
): Partial<RaftConfig> {
  const fields: Record<string, number> = {};
  for (const o of VARIANT_OPTIONS) {
    const fallback = defaults[o.key];
    if (values[o.flag] === undefined) {
      if (fallback !== undefined) fields[o.key] = fallback;
      continue;
    }
    if (!isOn(variants, o.variant)) throw new UsageError(`--${o.flag} needs --variant ${o.variant}`);
    const [lo, hi] = optionRange(o, servers);
    fields[o.key] = intFlag(values, o.flag, lo, lo, hi);
  }
  return fields;
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
  const settings = VARIANT_OPTIONS.filter((o) => c[o.key] !== undefined)
    .map((o) => `, ${o.flag.replace(/-/g, ' ')} ${c[o.key]}`)
    .join('');
  const variants = (c.variants ?? []).length > 0 ? `, variant ${(c.variants ?? []).join('+')}${settings}` : '';
  return (
    `${c.servers} server${c.servers > 1 ? 's' : ''}, ${c.values} value${c.values > 1 ? 's' : ''}, maxTerm ${c.maxTerm}, maxLog ${c.maxLogLen}, ` +
    `maxCopies ${c.maxCopies}, maxInFlight ${c.maxInFlight === 0 ? 'none' : c.maxInFlight}, ` +
    `restart ${onOff(c.restart)}, duplicate ${onOff(c.duplicate)}, drop ${onOff(c.drop)}${variants}${bugs}`
  );
}

/** The flags that select `config`, all spelled out (the bounds, switches, variants and their options). */
export function flagsOf(config: RaftConfig): string {
  const flag = (name: string, on: boolean): string => (on ? `--${name}` : `--no-${name}`);
  return [
    `--servers ${config.servers} --values ${config.values} --max-term ${config.maxTerm} --max-log ${config.maxLogLen}`,
    `--max-copies ${config.maxCopies} --max-in-flight ${config.maxInFlight}`,
    `${flag('restart', config.restart)} ${flag('duplicate', config.duplicate)} ${flag('drop', config.drop)}`,
    ...(config.variants ?? []).map((v) => `--variant ${v}`),
    ...VARIANT_OPTIONS.filter((o) => config[o.key] !== undefined).map((o) => `--${o.flag} ${config[o.key]}`),
  ].join(' ');
}

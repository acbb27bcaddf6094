/**
 * State counts and times of every variant and combination on a few small bounds, for docs/variants.md. Run:
 * `npm run variants:counts` (builds first). Each check runs in this process, one after another; times are
 * wall-clock seconds of the check alone and depend on the machine's load.
 */
import { checkRaft } from '../harness/checkRaft.js';
import type { RaftConfig } from '../spec/raft/config.js';
import { VARIANT_NAMES } from '../spec/raft/variants.js';
import { VARIANT_MODULES } from '../spec/raft/variants/registry.js';
import type { VariantModule } from '../spec/raft/variants/variant.js';

const BOUNDS: readonly { readonly name: string; readonly config: RaftConfig }[] = [
  {
    name: 'A: 2 servers, maxTerm 3, maxLog 1, restart+drop',
    config: {
      servers: 2,
      values: 1,
      maxTerm: 3,
      maxLogLen: 1,
      maxCopies: 1,
      maxInFlight: 1,
      restart: true,
      duplicate: false,
      drop: true,
    },
  },
  {
    name: 'B: 3 servers, maxTerm 2, maxLog 0, no restart/drop',
    config: {
      servers: 3,
      values: 1,
      maxTerm: 2,
      maxLogLen: 0,
      maxCopies: 1,
      maxInFlight: 1,
      restart: false,
      duplicate: false,
      drop: false,
    },
  },
  {
    // Configuration changes: long enough logs for a leader to commit a value of its term and then change one.
    name: 'C: 3 servers (2 initial members), maxTerm 2, maxLog 2, no restart/drop',
    config: {
      servers: 3,
      values: 1,
      maxTerm: 2,
      maxLogLen: 2,
      maxCopies: 1,
      maxInFlight: 1,
      restart: false,
      duplicate: false,
      drop: false,
    },
  },
];

/**
 * The first three variants of the registry composed in every way (each set named in alphabetical order, the
 * sets in binary order of their members' registry positions), then every later variant alone
 * (docs/variants.md): derived from the registry, so that this file names no variant.
 */
const COMPOSED = VARIANT_NAMES.slice(0, 3);
const VARIANT_SETS: readonly (readonly string[])[] = [
  ...Array.from({ length: 1 << COMPOSED.length }, (_, bits) =>
    COMPOSED.filter((_name, k) => (bits & (1 << k)) !== 0).sort(),
  ),
  ...VARIANT_NAMES.slice(COMPOSED.length).map((name) => [name]),
];

/** The variants whose module gives the configuration (membership's). */
const CHANGES_CONFIGURATION = new Set(
  (VARIANT_MODULES as readonly VariantModule[]).flatMap((m) =>
    m.hooks.configuration === undefined ? [] : [m.variant.name],
  ),
);

/** Bounds C is for configuration changes: the others' rows there would be raft.tla's sizes, not the variant's. */
const setsFor = (name: string): readonly (readonly string[])[] =>
  name.startsWith('C') ? VARIANT_SETS.filter((v) => v.some((n) => CHANGES_CONFIGURATION.has(n))) : VARIANT_SETS;

const only = process.argv[2];
const fmt = (n: number): string => n.toLocaleString('en-US');

console.log('| bounds | variants | distinct | generated | depth | seconds |');
console.log('|---|---|---:|---:|---:|---:|');
for (const { name, config } of BOUNDS) {
  if (only !== undefined && !name.startsWith(only)) continue;
  for (const variants of setsFor(name)) {
    const r = checkRaft(variants.length === 0 ? config : { ...config, variants });
    const s = r.stats;
    const label = variants.length === 0 ? 'none' : variants.join('+');
    const verdict = r.kind === 'ok' ? '' : ` (${r.kind})`;
    console.log(
      `| ${name} | ${label}${verdict} | ${fmt(s.distinctStates)} | ${fmt(s.generatedStates)} | ${s.depth} | ` +
        `${s.seconds.toFixed(2)} |`,
    );
  }
}

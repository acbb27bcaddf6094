/**
 * The protocol variants a configuration can switch on (docs/variants.md), as the rest of the project sees them:
 * their names and descriptions, taken from the one registry (variants/registry.ts). Each is off by default, so
 * the reference model is raft.tla. Which code runs is decided once per configuration (next.ts, receive.ts),
 * never per successor, so a variant that is off costs nothing.
 */
import { VARIANT_MODULES, type VariantName } from './variants/registry.js';
import type { VariantInfo, VariantModule, VariantOption } from './variants/variant.js';

export type { VariantName } from './variants/registry.js';
export type Variant = VariantInfo<VariantName>;

/** Every variant, in registry order. */
export const VARIANTS: readonly Variant[] = VARIANT_MODULES.map((m) => m.variant);

/** Every variant's name, in registry order. */
export const VARIANT_NAMES: readonly VariantName[] = VARIANTS.map((v) => v.name);

/** The variants a configuration switches on, by name, as flags read once per configuration. */
export type VariantFlags = { readonly [N in VariantName]: boolean };

/** The flags of a list of variant names (which configError has checked). */
export function variantFlags(variants: readonly string[] | undefined): VariantFlags {
  const on = variants ?? [];
  return Object.fromEntries(VARIANT_NAMES.map((name) => [name, on.includes(name)])) as VariantFlags;
}

/** Whether `name`, a registered variant, is on in the list `variants`. */
export function isOn(variants: readonly string[] | undefined, name: VariantName): boolean {
  return (variants ?? []).includes(name);
}

/** The variant with this name, or undefined. */
export function findVariant(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}

/** Whether `name` is a registered variant's name. */
export function isVariantName(name: string): name is VariantName {
  return findVariant(name) !== undefined;
}

/** The modules of the variants named in `variants`, in registry order. */
export function variantModules(variants: readonly string[] | undefined): readonly VariantModule[] {
  const on = variants ?? [];
  return (VARIANT_MODULES as readonly VariantModule[]).filter((m) => on.includes(m.variant.name));
}

/** The key of a variant's option (variants/variant.ts `VariantOption`): only a declared key type-checks. */
export type VariantOptionKey = (typeof VARIANT_MODULES)[number]['options'][number]['key'];

/** A variant's option, with the variant it belongs to. */
export interface OwnedOption extends VariantOption<VariantOptionKey> {
  readonly variant: VariantName;
}

/** Every variant's options, in registry order. */
export const VARIANT_OPTIONS: readonly OwnedOption[] = VARIANT_MODULES.flatMap((m) =>
  m.options.map((o) => ({ ...o, variant: m.variant.name })),
);

/** The values `option` takes on a model of `servers` servers. */
export function optionRange(option: VariantOption, servers: number): readonly [number, number] {
  return [option.min, option.max === 'servers' ? servers : option.max];
}

/**
 * The values `option` takes, in words: `1 to 20`; for one bounded by the servers, `1 to servers (3)` on a model of
 * 3 servers, `1 to N` for any.
 */
export function optionRangeText(option: VariantOption, servers?: number): string {
  const max = servers === undefined ? 'N' : `servers (${servers})`;
  return `${option.min} to ${option.max === 'servers' ? max : option.max}`;
}

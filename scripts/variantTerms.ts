/**
 * The words that name a variant in code, for counting where a variant is named outside its module
 * (scripts/variantNames.ts, docs/adding-a-variant.md) and for the check that the trace validator names none
 * (test/spec/raft/variantOmissions.test.ts).
 */
import type { VariantModule } from '../spec/raft/variants/variant.js';

/**
 * A pattern matching any of the names module `m` brings: its `--variant` name (quoted, or after `-`), roles,
 * message types, actions, handler labels, variables and event types.
 */
export function variantNamePattern(m: VariantModule): RegExp {
  const terms = [
    ...Object.values(m.events.actions).flatMap((e) => (e === null ? [] : [e.type])),
    ...Object.values(m.events.messages).flatMap((e) => (e === null ? [] : [e.receive])),
    ...m.roles,
    ...Object.keys(m.messages),
    ...m.actions.map((a) => a.name),
    ...m.handlerNames,
    ...Object.keys(m.fields),
  ];
  const words = terms.length === 0 ? '' : `\\b(${terms.join('|')})\\b|`;
  return new RegExp(`${words}['"\`-]${m.variant.name}\\b`);
}

/** The lines of a source file that are code: comment lines (`//`, `/*`, ` *`) dropped. */
export function codeLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n');
}

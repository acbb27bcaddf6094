/**
 * Which files outside a variant's module name the variant (docs/adding-a-variant.md): the repository's `.ts`
 * files under git, without test/, docs/ and spec/raft/variants/ (the modules and the registry), with comment
 * lines dropped, searched for the variant's `--variant` name (quoted, or after `-`), its roles, message types,
 * actions, handler labels, variables and event types. Run: `npm run build && node dist/scripts/variantNames.js`.
 * It measures issue 22's goal, that a variant lives in its module; it is not a check that fails.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { VARIANT_MODULES } from '../spec/raft/variants/registry.js';
import type { VariantModule } from '../spec/raft/variants/variant.js';

const files = execFileSync('git', ['ls-files', '*.ts'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && !/^(test|docs|spec\/raft\/variants)\//.test(f));
const code = new Map(
  files.map((f) => [
    f,
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n'),
  ]),
);

/** The words that name module `m` in code. */
function names(m: VariantModule): RegExp {
  const events = [
    ...Object.values(m.events.actions).flatMap((e) => (e === null ? [] : [e.type])),
    ...Object.values(m.events.messages).flatMap((e) => (e === null ? [] : [e.receive])),
  ];
  const terms = [
    ...events,
    ...m.roles,
    ...Object.keys(m.messages),
    ...m.actions.map((a) => a.name),
    ...m.handlerNames,
    ...Object.keys(m.fields),
  ];
  const words = terms.length === 0 ? '' : `\\b(${terms.join('|')})\\b|`;
  return new RegExp(`${words}['"\`-]${m.variant.name}\\b`);
}

for (const m of VARIANT_MODULES as readonly VariantModule[]) {
  const re = names(m);
  const hits = files.filter((f) => re.test(code.get(f) ?? ''));
  console.log(`${m.variant.name} ${hits.length}${hits.length === 0 ? '' : `: ${hits.join(' ')}`}`);
}

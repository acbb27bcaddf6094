/**
 * Which files outside a variant's module name the variant (docs/adding-a-variant.md): the repository's `.ts`
 * files under git, without test/, docs/ and spec/raft/variants/ (the modules and the registry), with comment
 * lines dropped, searched for the variant's `--variant` name (quoted, or after `-`), its roles, message types,
 * actions, handler labels, variables and event types. Run: `npm run build && node dist/scripts/variantNames.js`.
 * It measures issue 22's goal, that a variant lives in its module; it is not a check that fails.
 *
 * Two kinds of text are left out because they name no variant of ours: prose inside string literals (a quoted
 * string with a space in it: help and descriptions, where "cut" and "partitions" are words), and the etcd profile
 * (spec/etcd, traces/etcd, cli/etcd), another spec whose own actions share names with membership's. A variable
 * whose name is also a word (partitions' `cut` and `partitions`) can still match code that means the word.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { VARIANT_MODULES } from '../spec/raft/variants/registry.js';
import type { VariantModule } from '../spec/raft/variants/variant.js';
import { codeLines, variantNamePattern } from './variantTerms.js';

const files = execFileSync('git', ['ls-files', '*.ts'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && !/^(test|docs|spec\/raft\/variants|spec\/etcd|traces\/etcd|cli\/etcd)\//.test(f));
/** `text` without the contents of its string literals that hold a space (prose, not a name). */
const withoutProse = (text: string): string =>
  text.replace(/(['"`])(?:(?!\1)[^\\\n]|\\.)*\s(?:(?!\1)[^\\\n]|\\.)*\1/g, "''");
const code = new Map(files.map((f) => [f, withoutProse(codeLines(readFileSync(f, 'utf8')))]));

for (const m of VARIANT_MODULES as readonly VariantModule[]) {
  const re = variantNamePattern(m);
  const hits = files.filter((f) => re.test(code.get(f) ?? ''));
  console.log(`${m.variant.name} ${hits.length}${hits.length === 0 ? '' : `: ${hits.join(' ')}`}`);
}

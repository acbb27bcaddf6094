/**
 * `npm run quint:traces`: regenerates the Quint-written traces test/traces/quint.test.ts replays, from the Quint
 * spec test/fixtures/quint/raft.qnt, with Quint's own simulator (the devDependency @informalsystems/quint, its
 * TypeScript backend, a fixed seed). The test also runs Quint itself on a smaller sample; these fixtures keep a
 * larger one, and keep the test meaningful should Quint's output change.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// From dist/scripts/ (the script) or scripts/ (imported by a test from the sources).
const repo = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));
const out = join(repo, 'test', 'fixtures', 'quint', 'traces');

/** The Quint command that writes `traces` traces of `steps` steps with `seed` into `dir`. */
export function quintRunArgs(dir: string, seed: number, traces: number, steps: number): string[] {
  return [
    'run',
    '--backend',
    'typescript',
    '--seed',
    String(seed),
    '--max-samples',
    String(traces),
    '--n-traces',
    String(traces),
    '--max-steps',
    String(steps),
    '--verbosity',
    '0',
    '--out-itf',
    join(dir, 'raft_{seq}.itf.json'),
    join(repo, 'test', 'fixtures', 'quint', 'raft.qnt'),
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync(join(repo, 'node_modules', '.bin', 'quint'), quintRunArgs(out, 7, 4, 60), { stdio: 'inherit' });
  console.log(`wrote ${readdirSync(out).length} traces to ${out}`);
}

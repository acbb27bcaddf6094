/**
 * A checkpoint is resumed only by the run that wrote it: every setting that shapes the search is in its identity
 * (cli/runIdentity.ts), and a resume that differs in any one of them is refused, naming the setting. The property
 * runs over the identity; the CLI cases below run the built bin (build first to run this file alone).
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, checkpointMismatch, type CheckpointMeta } from '../../checker/checkpoint.js';
import { runIdentity, type RunSettings } from '../../cli/runIdentity.js';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const scratch = mkdtempSync(join(tmpdir(), 'resume-identity-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const fileA = join(scratch, 'a.mjs');
const fileB = join(scratch, 'b.mjs');
writeFileSync(fileA, 'export const A = (s) => true;\n');
writeFileSync(fileB, 'export const A = (s) => s.messages.length >= 0;\n');

const metaOf = (identity: string): CheckpointMeta => ({
  format: CHECKPOINT_FORMAT,
  identity,
  workers: 1,
  level: 1,
  depth: 1,
  levelStart: 0,
  levelSize: 1,
  links: 1,
  seconds: 0,
  newStates: [],
  shardBytes: [],
  witnessLengths: [],
});

const settings = fc.record({
  version: fc.constantFrom('0.1.0', '0.2.0'),
  model: fc.record({
    servers: fc.integer({ min: 1, max: 7 }),
    maxTerm: fc.integer({ min: 1, max: 5 }),
    restart: fc.boolean(),
    variants: fc.option(fc.uniqueArray(fc.constantFrom('prevote', 'check-quorum', 'membership')), { nil: undefined }),
    profile: fc.option(fc.constantFrom('raft.tla', 'etcd'), { nil: undefined }),
  }),
  bugs: fc.uniqueArray(fc.constantFrom('double-vote', 'no-log-check')),
  engine: fc.constantFrom('flat', 'reference'),
  symmetry: fc.boolean(),
  invariants: fc.uniqueArray(fc.constantFrom('ElectionSafety', 'LogMatching', 'A'), { minLength: 1 }),
  invariantFiles: fc.constantFrom([], [fileA], [fileB], [fileA, fileB]),
});

/** A change to one setting: its name in the identity and the changed settings (undefined when no change exists). */
function changed(s: RunSettings, setting: string, pick: number): RunSettings | undefined {
  const flip = <T>(options: readonly T[], now: T): T | undefined =>
    options.filter((o) => JSON.stringify(o) !== JSON.stringify(now))[pick % (options.length - 1)];
  const model = s.model as Record<string, unknown>;
  switch (setting) {
    case 'version':
      return { ...s, version: `${s.version}-next` };
    case 'model.servers':
      return { ...s, model: { ...model, servers: ((model.servers as number) % 7) + 1 } };
    case 'model.maxTerm':
      return { ...s, model: { ...model, maxTerm: (model.maxTerm as number) + 1 } };
    case 'model.restart':
      return { ...s, model: { ...model, restart: !(model.restart as boolean) } };
    case 'model.variants':
      return { ...s, model: { ...model, variants: [...((model.variants as string[] | undefined) ?? []), 'x'] } };
    case 'model.profile':
      return { ...s, model: { ...model, profile: model.profile === 'etcd' ? 'raft.tla' : 'etcd' } };
    case 'bugs':
      return { ...s, bugs: [...s.bugs, 'stale-vote-count'] };
    case 'engine':
      return { ...s, engine: s.engine === 'flat' ? 'reference' : 'flat' };
    case 'symmetry':
      return { ...s, symmetry: !s.symmetry };
    case 'invariants':
      return { ...s, invariants: [...s.invariants].reverse().concat(['Extra']) };
    case 'invariantFiles': {
      const files = flip([[fileA], [fileB], [fileA, fileB]], s.invariantFiles);
      return files === undefined ? undefined : { ...s, invariantFiles: files };
    }
  }
  throw new Error(`no such setting ${setting}`);
}

const SETTINGS = [
  'version',
  'model.servers',
  'model.maxTerm',
  'model.restart',
  'model.variants',
  'model.profile',
  'bugs',
  'engine',
  'symmetry',
  'invariants',
  'invariantFiles',
];

describe('the identity a checkpoint records', () => {
  fcTest.prop([settings, fc.constantFrom(...SETTINGS), fc.nat()])(
    'a resume that differs in any one setting is refused, naming it',
    (s, setting, pick) => {
      const other = changed(s, setting, pick);
      if (other === undefined) return;
      const why = checkpointMismatch(metaOf(runIdentity(s)), runIdentity(other), 1);
      expect(why).toMatch(new RegExp(`^the checkpoint was written for a different run \\(${setting}[.:]`));
    },
  );

  fcTest.prop([settings])('the same settings resume, whatever the key order of the configuration', (s) => {
    const reordered = { ...s, model: Object.fromEntries(Object.entries(s.model).reverse()) };
    expect(checkpointMismatch(metaOf(runIdentity(s)), runIdentity(reordered), 1)).toBeUndefined();
  });

  it('an invariants file counts by its content, not its path', () => {
    const moved = join(scratch, 'moved.mjs');
    copyFileSync(fileA, moved);
    const base: RunSettings = {
      version: '1',
      model: {},
      bugs: [],
      engine: 'flat',
      symmetry: false,
      invariants: ['A'],
      invariantFiles: [fileA],
    };
    expect(runIdentity({ ...base, invariantFiles: [moved] })).toBe(runIdentity(base));
    expect(runIdentity({ ...base, invariantFiles: [fileB] })).not.toBe(runIdentity(base));
  });
});

describe('raft-check --resume with other settings', () => {
  const SMALL = ['--servers', '2', '--max-term', '2', '--workers', '1', '--quiet'];

  /** A checkpoint directory written by a complete run with `flags`. */
  async function checkpointed(name: string, ...flags: string[]): Promise<string> {
    const dir = join(scratch, name);
    const run = await raftCheck(...SMALL, ...flags, '--checkpoint', dir, '--checkpoint-every', '0');
    expect(run.code).toBe(0);
    return dir;
  }

  it('refuses --symmetry on a checkpoint written without it, and the reverse', async () => {
    const [plain, reduced] = await Promise.all([checkpointed('plain'), checkpointed('reduced', '--symmetry')]);
    const [a, b] = await Promise.all([
      raftCheck(...SMALL, '--symmetry', '--resume', plain),
      raftCheck(...SMALL, '--resume', reduced),
    ]);
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr).toMatch(
      /^raft-check: --resume .*: the checkpoint was written for a different run \(symmetry: false, now true\); .*\n$/,
    );
    expect(b.stderr).toMatch(/\(symmetry: true, now false\)/);
    expect(a.stdout + b.stdout).toBe('');
  });

  it('refuses an invariants file whose content changed since the checkpoint', async () => {
    const file = join(scratch, 'mine.mjs');
    writeFileSync(file, 'export const Mine = (s) => true;\n');
    const dir = await checkpointed('edited', '--invariants-file', file);
    writeFileSync(file, 'export const Mine = (s) => s.messages.length < 2;\n');
    const run = await raftCheck(...SMALL, '--invariants-file', file, '--resume', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\(invariantFiles: \["[0-9a-f]{64}"\], now \["[0-9a-f]{64}"\]\)/);
  });
});

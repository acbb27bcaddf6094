import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  CHECKPOINT_FORMAT,
  checkpointMismatch,
  commitCheckpoint,
  readCheckpoint,
  stageCheckpoint,
  type CheckpointMeta,
} from '../../checker/checkpoint.js';
import { FingerprintTable } from '../../checker/fingerprintTable.js';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'raft-check-ckpt-unit-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const meta = (level: number): CheckpointMeta => ({
  format: CHECKPOINT_FORMAT,
  identity: JSON.stringify({ version: '1', model: { servers: 3 } }),
  workers: 2,
  level,
  depth: level,
  levelStart: 0,
  levelSize: 1,
  links: 1,
  seconds: 0,
  newStates: [],
  shardBytes: [0, 0],
  witnessLengths: [],
});

describe('checkpoint directories', () => {
  test('a commit replaces the current checkpoint and leaves neither next nor old', () => {
    const dir = fresh();
    writeFileSync(join(stageCheckpoint(dir), 'a.bin'), 'first');
    commitCheckpoint(dir, meta(3));
    writeFileSync(join(stageCheckpoint(dir), 'a.bin'), 'second');
    commitCheckpoint(dir, meta(4));
    const read = readCheckpoint(dir);
    expect(read.ok && read.meta.level).toBe(4);
    expect(existsSync(join(dir, 'next'))).toBe(false);
    expect(existsSync(join(dir, 'old'))).toBe(false);
  });

  test('after a crash between the two renames, the old checkpoint is read; a half-written next never is', () => {
    const dir = fresh();
    stageCheckpoint(dir);
    commitCheckpoint(dir, meta(3));
    // The crash: current was renamed to old, next (complete or not) was not yet renamed.
    rmSync(join(dir, 'old'), { recursive: true, force: true });
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'meta.json'), JSON.stringify(meta(3)));
    rmSync(join(dir, 'current'), { recursive: true, force: true });
    mkdirSync(join(dir, 'next'));
    writeFileSync(join(dir, 'next', 'meta.json'), '{"format": 1, "lev');
    const read = readCheckpoint(dir);
    expect(read.ok && read.path).toBe(join(dir, 'old'));
  });

  test('refuses an empty directory, another format, another run and another number of workers', () => {
    const dir = fresh();
    expect(readCheckpoint(dir)).toEqual({ ok: false, error: `${dir} holds no checkpoint (no current/meta.json)` });
    mkdirSync(join(dir, 'current'));
    writeFileSync(join(dir, 'current', 'meta.json'), JSON.stringify({ ...meta(1), format: 0 }));
    const old = readCheckpoint(dir);
    expect(old.ok).toBe(false);
    expect(!old.ok && old.error).toMatch(new RegExp(`has format 0, this raft-check reads ${CHECKPOINT_FORMAT}$`));
    const m = meta(1);
    expect(checkpointMismatch(m, m.identity, 2)).toBeUndefined();
    expect(checkpointMismatch(m, JSON.stringify({ version: '1', model: { servers: 5 } }), 2)).toBe(
      'the checkpoint was written for a different run (model.servers: 3, now 5); resume with the flags and files it was written with',
    );
    expect(checkpointMismatch(m, m.identity, 1)).toMatch(/^the checkpoint was written with --workers 2 /);
  });

  test('a table restored from its slots holds the same fingerprints and keeps growing', () => {
    const table = new FingerprintTable(1, true);
    const fp = new Int32Array(4);
    const put = (k: number, into: FingerprintTable): boolean => {
      fp[0] = Math.imul(k, 0x9e3779b1);
      fp[2] = k;
      fp[3] = (k << 1) | 1;
      return into.add(fp, 0);
    };
    for (let k = 1; k <= 5000; k++) put(k, table);
    const copy = FingerprintTable.restore(table.slots.slice(), table.size, true);
    expect(copy.size).toBe(5000);
    for (let k = 1; k <= 5000; k++) expect(put(k, copy)).toBe(false);
    for (let k = 5001; k <= 20000; k++) expect(put(k, copy)).toBe(true);
    expect(copy.size).toBe(20000);
  });
});

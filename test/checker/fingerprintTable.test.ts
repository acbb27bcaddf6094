import { fc, it } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { FingerprintTable, tableCollisionProbability } from '../../checker/fingerprintTable.js';
import { DiskParentLinks } from '../../checker/diskParentLinks.js';
import { ParentLinks } from '../../checker/parentLinks.js';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fingerprint as the hash makes them: four words, the last one odd. */
const fingerprint = fc
  .tuple(fc.integer(), fc.integer(), fc.integer(), fc.integer())
  .map(([a, b, c, d]) => Int32Array.of(a | 0, b | 0, c | 0, d | 1));

describe('FingerprintTable', () => {
  it.prop([fc.array(fingerprint, { maxLength: 3000 })])(
    'adds each fingerprint once, through many growths, and a view of its memory sees them all',
    (fps) => {
      const table = new FingerprintTable(1, true);
      const distinct = new Set(fps.map((f) => `${f[0]},${f[2]},${f[3]}`));
      const added = fps.filter((f) => table.add(f, 0)).length;
      expect(added).toBe(distinct.size);
      expect(table.size).toBe(distinct.size);
      const view = FingerprintTable.view(table.buffer as SharedArrayBuffer);
      for (const f of fps) expect(view.has(f, 0)).toBe(true);
      expect(fps.every((f) => !table.add(f, 0))).toBe(true);
    },
  );

  it.prop([fc.array(fingerprint, { minLength: 1, maxLength: 2000 }), fc.array(fingerprint, { maxLength: 200 })])(
    'a view taken before the table grew (as another worker may hold one) misses later adds but never finds what was not added',
    (fps, never) => {
      const table = new FingerprintTable(1, true);
      const views: { view: FingerprintTable; added: number }[] = [];
      fps.forEach((f, k) => {
        const buffer = table.buffer;
        table.add(f, 0);
        if (table.buffer !== buffer || k === 0)
          views.push({ view: FingerprintTable.view(table.buffer as SharedArrayBuffer), added: k + 1 });
      });
      const key = (f: Int32Array): string => `${f[0]},${f[2]},${f[3]}`;
      const all = new Set(fps.map(key));
      for (const { view, added } of views) {
        // Everything added up to the last growth the view saw is in it; the current table has everything.
        for (const f of fps.slice(0, added)) expect(view.has(f, 0)).toBe(true);
        for (const f of never) if (!all.has(key(f))) expect(view.has(f, 0)).toBe(false);
      }
    },
  );

  test('keeps 12-byte slots between 75% and 90% full once past its minimum size', () => {
    const table = new FingerprintTable();
    const fp = new Int32Array(4);
    for (let k = 1; k <= 200_000; k++) {
      fp[0] = Math.imul(k, 0x9e3779b1);
      fp[2] = k;
      fp[3] = (k << 1) | 1;
      table.add(fp, 0);
      if (k > 1000 && k % 997 === 0) {
        const perState = table.bytes / table.size;
        expect(perState).toBeGreaterThanOrEqual(12 / 0.9 - 0.01);
        expect(perState).toBeLessThanOrEqual(16 + 0.01);
      }
    }
  });

  test('does not find what it was never given', () => {
    const table = new FingerprintTable();
    table.add(Int32Array.of(1, 2, 3, 5), 0);
    expect(table.has(Int32Array.of(1, 2, 3, 5), 0)).toBe(true);
    // Word 1 routes and is not stored; the other three words decide.
    expect(table.has(Int32Array.of(1, 9, 3, 5), 0)).toBe(true);
    expect(table.has(Int32Array.of(1, 2, 4, 5), 0)).toBe(false);
    expect(table.has(Int32Array.of(2, 2, 3, 5), 0)).toBe(false);
  });

  test('bounds the collision probability by n²/2^95', () => {
    expect(tableCollisionProbability(1e9)).toBeCloseTo(1e18 / 2 ** 95, 20);
    expect(tableCollisionProbability(1e9)).toBeLessThan(3e-11);
  });
});

describe('DiskParentLinks', () => {
  it.prop([fc.array(fc.tuple(fc.nat(), fc.nat(0xffff)), { minLength: 1, maxLength: 300 })])(
    'rebuilds the same paths as the in-memory links, and deletes its file on close',
    (entries) => {
      const dir = mkdtempSync(join(tmpdir(), 'links-'));
      try {
        const file = join(dir, 'parents.bin');
        const disk = new DiskParentLinks(file);
        const memory = new ParentLinks();
        entries.forEach(([parent, position], id) => {
          const p = id === 0 ? -1 : parent % (id + 1) === id ? -1 : parent % id;
          expect(disk.add(p, position)).toBe(memory.add(p, position));
        });
        for (let id = 0; id < entries.length; id++) expect(disk.pathTo(id)).toEqual(memory.pathTo(id));
        expect(disk.diskBytes).toBe(6 * entries.length);
        disk.close();
        expect(existsSync(file)).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, it } from '@fast-check/vitest';
import { expect } from 'vitest';
import { DiskParentLinks } from '../../checker/diskParentLinks.js';

const RECORD = 6;

it.prop(
  [
    fc.array(fc.tuple(fc.nat(), fc.nat(0xffff)), { minLength: 1, maxLength: 400 }),
    fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    fc.nat(50),
  ],
  { numRuns: 40 },
)(
  'checkpoint links: each append writes only the new records, cuts an uncommitted tail, and resumes to the same paths',
  (entries, cuts, garbage) => {
    const dir = mkdtempSync(join(tmpdir(), 'links-append-'));
    try {
      const links = new DiskParentLinks(join(dir, 'work.bin'));
      const saved = join(dir, 'parents.bin');
      // A stale tail: records of a checkpoint that was never committed, past what the last commit names.
      writeFileSync(saved, Buffer.alloc(garbage * RECORD, 0xab));
      const points = [...new Set(cuts.map((c) => c % (entries.length + 1)))].sort((a, b) => a - b);
      let committed = 0;
      let next = 0;
      for (const point of [...points, entries.length]) {
        for (; next < point; next++) {
          const [parent, position] = entries[next]!;
          links.add(next === 0 || parent % 3 === 0 ? -1 : parent % next, position);
        }
        links.appendTo(saved, committed);
        committed = links.size;
        expect(statSync(saved).size).toBe(committed * RECORD);
      }
      const resumed = new DiskParentLinks(join(dir, 'resumed.bin'), { file: saved, size: committed });
      expect(readFileSync(join(dir, 'resumed.bin'))).toEqual(readFileSync(saved));
      for (let id = 0; id < entries.length; id++) expect(resumed.pathTo(id)).toEqual(links.pathTo(id));
      links.close();
      resumed.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

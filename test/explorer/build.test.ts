import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExplorer } from '../../explorer/build.js';

describe('the explorer build', () => {
  it('writes one self-contained page: script, style and worker inline, nothing Node-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explorer-'));
    try {
      const built = await buildExplorer(process.cwd(), dir);
      const html = readFileSync(built.file, 'utf8');
      expect(built.file).toBe(join(dir, 'index.html'));
      expect(html).not.toContain('/*SCRIPT*/');
      expect(html).not.toContain('/*STYLE*/');
      // Everything is inline, so the page works from file:// with no other file.
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
      expect(html).not.toMatch(/require\("|from"node:|import\("/);
      // The worker's source is inlined as a string for a Blob URL.
      expect(html).toContain('new Worker(');
      expect(html).toContain('VotesGrantedExclusive');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

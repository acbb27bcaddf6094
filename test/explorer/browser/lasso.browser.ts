/**
 * A liveness counterexample in the explorer, in a real browser (as explorer.browser.ts: Debian's chromium through
 * playwright-core, the built page opened from disk): the lasso the built CLI writes (ITF with `loop`) loads, the
 * verdict says where the loop starts and that the last state returns to it, and the diagram draws the loop.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
const pageFile = join(root, 'dist', 'explorer', 'index.html');
const cli = join(root, 'dist', 'cli', 'main.js');

let browser: Browser;
let dir: string;
let lassoFile: string;
const errors: string[] = [];

beforeAll(async () => {
  for (const file of [pageFile, cli]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run test:browser, which builds it`);
  }
  dir = mkdtempSync(join(tmpdir(), 'explorer-lasso-'));
  lassoFile = join(dir, 'lasso.itf.json');
  // docs/liveness.md, result 1: the split vote, a lasso of 10 states looping from state 3 (2,757 states, ~2 s).
  const flags = ['--servers', '2', '--max-term', '3', '--max-log', '0', '--no-restart', '--no-drop'];
  const liveness = ['--relative-terms', '--properties', 'EventuallyStableLeader'];
  const fair = ['--fair', 'Deliver,Send,Timeout,BecomeLeader'];
  const run = spawnSync(process.execPath, [cli, ...flags, ...liveness, ...fair, '--out', lassoFile, '--quiet']);
  expect(run.status, run.stderr.toString()).toBe(1);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
});

afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

describe('a lasso in the explorer page', () => {
  it('loads the CLI lasso, says where its loop starts, and draws the loop back to it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(pageFile).href);
    await page.setInputFiles('#file', lassoFile);
    await expect
      .poll(() => page.textContent('#status'))
      .toBe('loaded lasso.itf.json: 10 states, a lasso looping from state 3');
    const verdict = await page.textContent('#violation');
    expect(verdict).toContain('lasso: from state 3 the behaviour repeats forever');
    expect(verdict).toContain('state 10 is state 3 again with its terms renamed');
    expect(verdict).toContain('EventuallyStableLeader');
    expect(await page.locator('#diagram .loop').count()).toBe(1);
    expect(await page.getAttribute('#diagram .loop', 'data-loop-start')).toBe('2');
    expect(await page.locator('#diagram .row.in-loop').count()).toBe(8);
    expect(await page.textContent('#diagram .row[data-row="9"]')).toContain('↺ back to state 3');
    // Another step from the first state leaves the lasso: its loop is no longer drawn.
    await page.click('#first');
    await page.locator('#actions button').first().click();
    expect(await page.locator('#diagram .loop').count()).toBe(0);
  });
});

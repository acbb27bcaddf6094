/**
 * The explorer in a real browser: Debian's chromium, headless, driven by playwright-core (no browser download),
 * on the built page opened from disk. Run with `npm run test:browser`, which builds the CLI and the page first;
 * CHROMIUM overrides the browser's path. The counterexample it loads is written by the built CLI, so the test
 * also holds the page to the CLI's ITF.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
const pageFile = join(root, 'dist', 'explorer', 'index.html');
const cli = join(root, 'dist', 'cli', 'main.js');
const screenshot = resolve(process.env.EXPLORER_SCREENSHOT ?? join(root, 'dist', 'explorer-test', 'explorer.png'));
const pageUrl = pathToFileURL(pageFile).href;

let browser: Browser;
let dir: string;
let itfFile: string;
let leaderFile: string;
const errors: string[] = [];

async function open(url = pageUrl): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return page;
}

function action(page: Page, label: string): ReturnType<Page['locator']> {
  return page.locator('#actions button', { hasText: label });
}

beforeAll(async () => {
  for (const file of [pageFile, cli]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run test:browser, which builds it`);
  }
  dir = mkdtempSync(join(tmpdir(), 'explorer-browser-'));
  itfFile = join(dir, 'cex.itf.json');
  leaderFile = join(dir, 'leader.itf.json');
  const write = (out: string, flags: string[]): void => {
    const run = spawnSync(process.execPath, [cli, ...flags, '--out', out, '--quiet']);
    expect(run.status, run.stderr.toString()).toBe(1); // 1: a violation, with its counterexample written
  };
  write(itfFile, ['--servers', '2', '--bug', 'double-vote']);
  // A longer one with leaders and log entries (docs/bugs.md: 26 states, about 5 s), for the screenshot.
  const leader = ['--servers', '3', '--max-term', '3', '--max-log', '1', '--no-restart', '--no-drop'];
  write(leaderFile, [...leader, '--bug', 'no-log-check']);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // CI runs as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox'],
  });
});

afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

describe('the explorer page, opened from disk', () => {
  it('takes three steps by clicking, steps back by keyboard, and its link reopens the behaviour', async () => {
    const page = await open();
    await expect.poll(() => page.textContent('#position')).toBe('state 1 of 1');
    await action(page, 'Timeout s1').click();
    await action(page, 'RequestVote s1→s2').click();
    await action(page, 'UpdateTerm s1→s2 (RequestVoteRequest) term=2').click();
    expect(await page.textContent('#position')).toBe('state 4 of 4');
    expect(await page.textContent('#step-label')).toBe('4  UpdateTerm s1→s2 (RequestVoteRequest) term=2');
    expect(await page.textContent('#changes')).toContain('s2: currentTerm 1→2');
    expect(await page.locator('#diagram .row').count()).toBe(4);
    expect(await page.locator('#diagram .msg.in-flight').count()).toBe(1);

    await page.keyboard.press('ArrowLeft');
    expect(await page.textContent('#position')).toBe('state 3 of 4');
    await page.keyboard.press('End');
    expect(await page.textContent('#position')).toBe('state 4 of 4');

    const link = page.url();
    expect(new URL(link).hash).toMatch(/&path=0(\.\d+){3}$/);
    const reopened = await open(link);
    await expect
      .poll(() => reopened.textContent('#step-label'))
      .toBe('4  UpdateTerm s1→s2 (RequestVoteRequest) term=2');
    expect(await reopened.textContent('#position')).toBe('state 4 of 4');
  });

  it('opens a counterexample the CLI wrote, naming the invariant and marking the violating step', async () => {
    const page = await open();
    await page.setInputFiles('#file', itfFile);
    const verdict = page.locator('#violation');
    await verdict.waitFor({ state: 'visible' });
    const text = await verdict.textContent();
    expect(text).toContain('VotesGrantedExclusive');
    expect(text).toContain('state 9 (HandleRequestVoteResponse s1→s2 term=2 granted)');
    expect(await page.textContent('#position')).toBe('state 9 of 9');
    expect(await page.inputValue('#cfg-servers')).toBe('2');
    expect(await page.isChecked('input.bug[value="double-vote"]')).toBe(true);
    expect(await page.textContent('#diagram .row.violation')).toContain('✗ violates VotesGrantedExclusive');
    expect(await page.getAttribute('#diagram .row.violation', 'data-row')).toBe('8');
  });

  it('loads an etcd trace: a row per record, the rejected record marked, and navigates it', async () => {
    const fixture = join(root, 'test', 'fixtures', 'etcd', 'walk-reconfig.ndjson');
    const lines = readFileSync(fixture, 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l) => l.includes('"name":"Commit"'));
    lines[k] = lines[k]!.replace(/"commit":(\d+)/, (_, n: string) => `"commit":${Number(n) + 1}`);
    const mutated = join(dir, 'etcd-rejected.ndjson');
    writeFileSync(mutated, lines.join('\n'));
    const page = await open();
    await page.setInputFiles('#file', mutated);
    const verdict = page.locator('#violation');
    await verdict.waitFor({ state: 'visible' });
    expect(await verdict.textContent()).toContain(`rejected at line ${k + 1}: after AdvanceCommitIndex`);
    expect(await page.textContent('#position')).toBe(`record ${k + 1} of ${k + 1}`);
    expect(await page.textContent('#diagram .row.violation')).toContain(`line ${k + 1}: Commit`);
    await page.click('#first');
    expect(await page.textContent('#position')).toBe(`record 0 of ${k + 1}`);
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#step-label')).toBe('line 1: InitState 1');
  });

  it('draws a longer counterexample with its leaders and entries, and saves a screenshot of it', async () => {
    const page = await open();
    await page.setInputFiles('#file', leaderFile);
    await page.locator('#violation').waitFor({ state: 'visible' });
    expect(await page.textContent('#violation')).toContain('state 26 (BecomeLeader s1) violates LeaderCompleteness');
    expect(await page.locator('#diagram .row').count()).toBe(26);
    expect(await page.locator('#diagram .mark.role', { hasText: 'Leader' }).count()).toBe(2);
    expect(await page.locator('#diagram .msg-label', { hasText: 'AE' }).count()).toBeGreaterThan(0);
    expect(await page.locator('#servers .entry.committed').count()).toBe(1);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
  });

  it('reads a trace dropped on the page', async () => {
    const page = await open();
    // As a string, since it runs in the page, whose DOM types this (Node) project does not load.
    const transfer = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(readFileSync(itfFile, 'utf8'))}], ` +
        `'cex.itf.json', { type: 'application/json' })); return dt; })()`,
    );
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await expect.poll(() => page.textContent('#status')).toBe('loaded cex.itf.json: 9 states');
  });

  it('checks in a worker with progress, stops on request, and opens a violation in the stepper', async () => {
    const page = await open();
    // The default model takes seconds: long enough to see progress and stop it.
    await page.click('#run');
    await expect.poll(() => page.textContent('#progress'), { timeout: 20_000 }).toMatch(/distinct states, depth \d+/);
    await page.click('#stop');
    expect(await page.textContent('#search-result')).toBe('stopped');
    expect(await page.isEnabled('#run')).toBe(true);

    await page.fill('#cfg-servers', '2');
    await page.dispatchEvent('#cfg-servers', 'change');
    await page.check('input.bug[value="double-vote"]');
    await page.click('#run');
    await page.locator('#violation').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.textContent('#violation')).toContain('state 9 (HandleRequestVoteResponse s1→s2 term=2 granted)');
    expect(await page.textContent('#search-result')).toMatch(/^✗ VotesGrantedExclusive violated: 231 distinct states/);

    // The simulator, in the same worker: a seeded walk finds it too, shrunk.
    await page.click('#first');
    await page.selectOption('#mode', 'simulate');
    await page.click('#run');
    await expect
      .poll(() => page.textContent('#search-result'), { timeout: 20_000 })
      .toMatch(/^✗ VotesGrantedExclusive violated: walk \d+ of seed 1/);
    expect(await page.textContent('#violation')).toContain('violates VotesGrantedExclusive');
    expect(await page.textContent('#position')).toMatch(/^state (\d+) of \1$/);
  });
});

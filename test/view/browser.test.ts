// The viewer's pages in headless Chromium over the smoke run: cells, a GKT cell's wrong items, one item against the student alone,
// hostile texts, records arriving, a bundle opened from disk, a narrow window, the keyboard.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { BROWSER_ARGS, CHROMIUM, HAVE_CHROMIUM, cellIds, copyRun, editRecord, runSmoke, startViewer, type Viewer } from './helpers.js';
import type { ItemDetail, ItemsPayload } from '../../src/view/api-types.js';

const HOSTILE_QUESTION = '<script>window.__pwned = 1</script><b>Bold?</b> How many apples?';
const HOSTILE_ANSWER = ' <img src=x onerror="window.__pwned = 2"><script>window.__pwned = 3</script> The answer is 5.';
/** Set it to a folder to keep a screenshot of every page the tests open, to look at. */
const SHOTS = process.env['GKT_VIEW_SHOTS'];

let dir: string;
let run: string;
let viewer: Viewer;
let browser: Browser;
let gkt: string;
let shot = 0;

interface Watched {
  page: Page;
  /** Content-policy violations, script errors and dialogs: none may happen. */
  problems: string[];
}

async function open(url: string, width = 1280): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  // Runs in the page (strings, since the tests are compiled without the DOM's types).
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    (window.__violations ??= []).push(event.violatedDirective + ' ' + event.blockedURI);
  });`);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

async function settle(watched: Watched, name: string): Promise<void> {
  const violations = (await watched.page.evaluate('window.__violations ?? []')) as string[];
  if (SHOTS !== undefined) {
    await mkdir(SHOTS, { recursive: true });
    await watched.page.screenshot({ path: join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }
  expect([...watched.problems, ...violations.map((v) => `policy: ${v}`)]).toEqual([]);
}

async function api<T>(path: string, base = viewer.url): Promise<T> {
  return (await (await fetch(new URL(path, base))).json()) as T;
}

describe.skipIf(!HAVE_CHROMIUM)('gkt view in a browser', () => {
  beforeAll(async () => {
    ({ dir, run } = await runSmoke());
    [gkt] = (await cellIds(run, 'gkt')) as [string];
    viewer = await startViewer([run]);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("filters a GKT cell's wrong items, opens one with its guidance marked and its answer highlighted, and compares it with the student alone", async () => {
    // The GKT cell with the most wrong items, found as a user would see it on the page after this one.
    const cells = await cellIds(run, 'gkt');
    const wrong = await Promise.all(cells.map(async (id) => ({ id, items: await api<ItemsPayload>(`api/items?cell=${id}&verdict=wrong`) })));
    const target = wrong.sort((a, b) => b.items.matched - a.items.matched)[0]!;
    expect(target.items.matched).toBeGreaterThan(0);

    const w = await open(viewer.url);
    const { page } = w;
    await expect.poll(() => page.locator('[data-testid=cells] tbody tr').count()).toBe(10);
    await expect.poll(() => page.locator('h1').textContent()).toBe('gkt view: smoke');
    await settle(w, 'cells');

    await page.locator(`a[href^="#/cell/${target.id}"]`).click();
    await expect.poll(() => page.locator('[data-testid=matched]').textContent()).toBe('8 of 8 items');
    await page.getByLabel('wrong (failed included)').check();
    await expect.poll(() => page.locator('[data-testid=matched]').textContent()).toBe(`${target.items.matched} of 8 items`);
    const verdicts = await page.locator('[data-testid=items] tbody .badge').allTextContents();
    expect(verdicts.every((v) => v === 'wrong' || v === 'failed request')).toBe(true);
    await settle(w, 'items-wrong');

    const first = target.items.rows[0]!;
    await page.locator('[data-testid=items] tbody a').first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Item ${first.item}`);
    const detail = await api<ItemDetail>(`api/item?cell=${target.id}&item=${first.item}`);
    const answer = page.getByTestId('answer');
    // The guidance, marked, then the student's continuation: together the text the rules read.
    expect(await answer.textContent()).toBe(detail.answer);
    expect((await answer.locator('.guidance').allTextContents()).join('')).toBe(detail.answer.slice(0, detail.guidanceChars));
    expect(await answer.locator('.seam').count()).toBe(1);
    for (const rule of ['strict', 'flexible', 'reference'] as const) {
      const evidence = detail.rules.find((r) => r.rule === rule)!;
      await page.getByRole('button', { name: rule, exact: true }).first().click();
      if (evidence.where === 'answer' && evidence.span !== null) {
        await expect.poll(() => answer.locator('mark').allTextContents()).toEqual([detail.answer.slice(evidence.span.start, evidence.span.end)]);
      } else {
        await expect.poll(() => answer.locator('mark').count()).toBe(0);
      }
    }
    await settle(w, 'item');

    await page.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => page.locator('article.side').count()).toBe(2);
    const right = page.locator('article.side').nth(1);
    await expect.poll(() => right.locator('h2').textContent()).toMatch(/SimStudent-7B 120/);
    await expect.poll(() => right.getByTestId('answer').count()).toBe(1);
    expect(await right.locator('.guidance').count()).toBe(0);
    expect(await page.locator('article.side').nth(0).locator('.guidance').count()).toBeGreaterThan(0);
    await settle(w, 'compare');
    await page.close();
  });

  it('works from the keyboard: / to search, Enter to open, n for the next item, the prompt unfolded', async () => {
    const w = await open(`${viewer.url}#/cell/${gkt}`);
    const { page } = w;
    await expect.poll(() => page.locator('[data-testid=matched]').textContent()).toBe('8 of 8 items');
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.id')).toBe('search');
    await page.keyboard.type('trays with 9');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=matched]').textContent()).toBe('1 of 8 items');
    await page.locator('[data-testid=items] tbody a').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Item gsm8k-0');
    await expect.poll(() => page.getByTestId('answer').count()).toBe(1);
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('H1');
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Item gsm8k-1');
    await page.locator('summary', { hasText: 'exemplars' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.prompt details pre').textContent()).toContain('The answer is');
    await settle(w, 'keyboard');
    await page.close();
  });

  it('shows an item whose texts hold HTML as text: nothing in them runs or loads', async () => {
    const hostile = await copyRun(run, join(dir, 'hostile'));
    // A hostile dataset puts its question in every cell; a hostile server, its answer in one.
    for (const cell of [...(await cellIds(hostile, 'gkt')), ...(await cellIds(hostile, 'single'))]) {
      await editRecord(hostile, cell, 'gsm8k-1', (record) => {
        record['question'] = HOSTILE_QUESTION;
      });
    }
    await editRecord(hostile, gkt, 'gsm8k-1', (record) => {
      record['student']['text'] = HOSTILE_ANSWER;
    });
    await editRecord(hostile, gkt, 'gsm8k-2', (record) => {
      record['error'] = { kind: 'http', message: '<iframe src="https://example.com"></iframe><script>window.__pwned = 4</script>', attempts: 2, status: 500, role: 'student' };
    });
    const served = await startViewer([hostile]);
    try {
      const w = await open(`${served.url}#/item/${gkt}/gsm8k-1`);
      const { page } = w;
      await expect.poll(() => page.locator('pre.question').textContent()).toBe(HOSTILE_QUESTION);
      expect(await page.getByTestId('answer').textContent()).toContain(HOSTILE_ANSWER);
      expect(await page.locator('main img, main iframe, main b, main script').count()).toBe(0);
      await page.goto(`${served.url}#/item/${gkt}/gsm8k-2`);
      await expect.poll(() => page.locator('.banner.warn pre').textContent()).toContain('<iframe src="https://example.com"></iframe>');
      await page.goto(`${served.url}#/cell/${gkt}?q=${encodeURIComponent('<script>')}`);
      await expect.poll(() => page.locator('[data-testid=matched]').textContent()).toBe('1 of 8 items');
      expect(await page.locator('[data-testid=items] .question').textContent()).toBe(HOSTILE_QUESTION);
      expect(await page.locator('main img, main iframe, main b, main script').count()).toBe(0);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      await settle(w, 'hostile');
      await page.close();
    } finally {
      await served.stop();
    }
  });

  it('updates the open page as records arrive: the cells page is a dashboard', async () => {
    const growing = await copyRun(run, join(dir, 'growing'));
    const path = join(growing, 'cells', `${gkt}.jsonl`);
    const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
    await writeFile(path, `${lines.slice(0, 3).join('\n')}\n`);
    const served = await startViewer([growing, '--poll', '100']);
    try {
      const w = await open(served.url);
      const { page } = w;
      await expect.poll(() => page.getByTestId('done').textContent()).toMatch(/^89 \/ 96/);
      await settle(w, 'dashboard-before');
      for (const line of lines.slice(3)) await appendFile(path, `${line}\n`);
      await expect.poll(() => page.getByTestId('done').textContent(), { timeout: 15_000 }).toMatch(/^96 \/ 96/);
      await settle(w, 'dashboard-after');
      await page.close();
    } finally {
      await served.stop();
    }
  });

  it('opens a bundle from disk, without gkt, and reads its items', async () => {
    const out = join(dir, 'bundle');
    const written = await runCli(['view', run, '--bundle', out], { timeoutMs: 60_000 });
    expect(written.code, written.stderr).toBe(0);
    await viewer.stop();
    const base = pathToFileURL(join(out, 'index.html')).href;
    const w = await open(base);
    const { page } = w;
    await expect.poll(() => page.locator('[data-testid=cells] tbody tr').count()).toBe(10);
    await expect.poll(() => page.locator('.state').textContent()).toMatch(/^snapshot of/);
    await page.goto(`${base}#/cell/${gkt}?verdict=correct&q=trays`);
    await expect.poll(() => page.locator('[data-testid=matched]').textContent()).toMatch(/^[01] of 8 items$/);
    await page.goto(`${base}#/item/${gkt}/gsm8k-0?rule=strict`);
    await expect.poll(() => page.getByTestId('answer').locator('mark').count()).toBe(1);
    expect(await page.getByTestId('answer').locator('.guidance').count()).toBeGreaterThan(0);
    await page.locator('summary', { hasText: 'exemplars' }).click();
    await expect.poll(() => page.locator('.prompt details pre').textContent()).toContain('The answer is');
    await settle(w, 'bundle-item');
    await page.close();
    viewer = await startViewer([run]);
  });

  it('reads in a narrow window: nothing but tables scrolls sideways', async () => {
    for (const hash of ['#/', `#/cell/${gkt}`, `#/item/${gkt}/gsm8k-0`, `#/compare/${gkt}/${(await cellIds(run, 'single'))[0]}/gsm8k-0`]) {
      const w = await open(`${viewer.url}${hash}`, 375);
      const { page } = w;
      await expect.poll(() => page.locator('h1').count()).toBe(1);
      await page.waitForLoadState('networkidle');
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow, hash).toBeLessThanOrEqual(0);
      await settle(w, `narrow-${hash.split('/')[1] || 'cells'}`);
      await page.close();
    }
  });
});

// `gkt view` over the smoke run, as a user starts it: the report's numbers, the items behind them, refusals of hostile paths, live records, Ctrl-C.
import { appendFile, mkdir, readFile, readdir, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cellIds, copyRun, rawGet, runSmoke, startViewer, type Viewer } from './helpers.js';
import type { CellsPayload, ItemDetail, ItemsPayload, RunPayload } from '../../src/view/api-types.js';
import type { CellMetrics } from '../../src/report/metrics-types.js';

let dir: string;
let run: string;
let viewer: Viewer;

async function get<T>(path: string, base = viewer.url): Promise<T> {
  const response = await fetch(new URL(path, base));
  expect(response.status, `${path}`).toBe(200);
  return (await response.json()) as T;
}

async function reportMetrics(rule: string): Promise<CellMetrics[]> {
  const out = join(dir, `report-${rule}`);
  const result = await runCli(['report', run, '-f', 'json', '--rule', rule, '-o', out]);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { metrics: CellMetrics[] }).metrics;
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited 15 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  ({ dir, run } = await runSmoke());
  viewer = await startViewer([run]);
}, 120_000);

afterAll(async () => {
  await viewer?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('gkt view: serving', () => {
  it('prints the URL first, on loopback, and serves the page under a strict content policy', async () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await until(async () => viewer.stderr(), (s) => s.includes('Ctrl-C'), 'the banner');
    expect(viewer.stderr()).toMatch(/10 cells of smoke/);
    const page = await fetch(viewer.url);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('<script src="assets/app.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(new URL('assets/app.js', viewer.url));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it("shows every cell with the report's own numbers, under each rule", async () => {
    for (const rule of ['reference', 'strict', 'flexible']) {
      const cells = await get<CellsPayload>(`api/cells?rule=${rule}`);
      const metrics = await reportMetrics(rule);
      expect(cells.rows.map((r) => r.id)).toEqual(metrics.map((m) => m.id));
      for (const m of metrics) {
        const row = cells.rows.find((r) => r.id === m.id)!;
        expect(row.columns['acc']?.value, `${m.label} ${rule}`).toBe(m.acc[rule as 'strict'].percent);
        expect(row.columns['delta']?.value ?? null).toBe(m.deltaAcc);
        expect(row.columns['time']?.value ?? null).toBe(m.time.totalSeconds);
        expect(row.columns['speedUp']?.value ?? null).toBe(m.speedUp);
        expect(row.columns['mcnemar']?.text).toBe(m.mcnemar === null ? '–' : `${m.mcnemar.b} / ${m.mcnemar.c}`);
        expect(row.simulated).toBe(true);
        expect(row.columns['model']?.text).toContain('~');
      }
    }
  });

  it("lists exactly McNemar's b and c items as the discordant ones, and the rule's correct items", async () => {
    const metrics = await reportMetrics('reference');
    const tested = metrics.filter((m) => m.mcnemar !== null);
    expect(tested.length).toBeGreaterThan(0);
    for (const m of tested) {
      const base = `api/items?cell=${m.id}&against=${m.mcnemar!.baseline}`;
      const b = await get<ItemsPayload>(`${base}&discordant=b`);
      const c = await get<ItemsPayload>(`${base}&discordant=c`);
      expect(b.pairs).toEqual({ n: m.mcnemar!.n, b: m.mcnemar!.b, c: m.mcnemar!.c });
      expect([b.matched, c.matched]).toEqual([m.mcnemar!.b, m.mcnemar!.c]);
      expect(b.rows.every((r) => r.status === 'correct' && r.other !== 'correct')).toBe(true);
    }
    for (const m of metrics) {
      const correct = await get<ItemsPayload>(`api/items?cell=${m.id}&verdict=correct`);
      expect(correct.matched).toBe(m.acc.reference.correct);
    }
  });

  it('gives an item with its guidance, the answer the rules read, and each match located in it', async () => {
    const [gkt] = await cellIds(run, 'gkt');
    const record = (await readFile(join(run, 'cells', `${gkt}.jsonl`), 'utf8')).split('\n').map((l) => (l ? JSON.parse(l) : null)).find((r) => r?.type === 'item');
    const item = await get<ItemDetail>(`api/item?cell=${gkt}&item=${record.item}`);
    expect(item.answer).toBe(record.guidance.text + record.student.text);
    expect(item.guidanceChars).toBe(record.guidance.text.length);
    expect(item.question).toBe(record.question);
    for (const rule of item.rules) {
      if (rule.where !== 'answer' || rule.rule === 'reference') continue;
      expect(item.answer.slice(rule.span!.start, rule.span!.end)).toBe(rule.matched);
    }
    expect(item.timeline.axes[0]?.bars.map((b) => b.role)).toEqual(['teacher', 'student']);
    expect(item.prompt?.shots).toBe(8);
  });

  it('searches question and answer texts', async () => {
    const [gkt] = await cellIds(run, 'gkt');
    const found = await get<ItemsPayload>(`api/items?cell=${gkt}&q=${encodeURIComponent('TRAYS with 9')}`);
    expect(found.rows.map((r) => r.item)).toEqual(['gsm8k-0']);
    expect((await get<ItemsPayload>(`api/items?cell=${gkt}&q=zebra%20crossing`)).matched).toBe(0);
  });
});

describe('gkt view: hostile requests', () => {
  const leaks = (body: string) => /root:|"name": "gkt"|"type":"item"|"run": "smoke"/.test(body);

  it('answers only its fixed routes: traversal, encoded dots and absolute paths find nothing', async () => {
    const [gkt] = await cellIds(run, 'gkt');
    const targets = [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/../../package.json',
      '//etc/passwd',
      '/etc/passwd',
      'http://127.0.0.1/etc/passwd',
      '/manifest.json',
      `/cells/${gkt}.jsonl`,
      `${run}/manifest.json`,
      '/api/item?cell=../../../../etc/passwd&item=x',
      '/api/items?cell=%2Fetc%2Fpasswd',
      '/api/prompt?cell=..%2F..%2Fmanifest',
      `/api/item?cell=${gkt}&item=..%2F..%2F..%2Fetc%2Fpasswd`,
      `/api/item?cell=${gkt}&item=%2Fetc%2Fpasswd`,
    ];
    for (const target of targets) {
      const response = await rawGet(viewer.url, target);
      expect(response.status, target).toBe(404);
      expect(leaks(response.body), target).toBe(false);
    }
  });

  it('is read-only, and answers no Host header but its own (no DNS rebinding)', async () => {
    const post = await fetch(new URL('api/cells', viewer.url), { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    const rebound = await rawGet(viewer.url, '/api/run', { Host: 'attacker.example:80' });
    expect(rebound.status).toBe(403);
    expect(leaks(rebound.body)).toBe(false);
    expect((await rawGet(viewer.url, '/api/run', { Host: `localhost:${new URL(viewer.url).port}` })).status).toBe(200);
  });

  it('refuses a run folder with a link leading out of it, and reads one whose links stay inside', async () => {
    const outside = join(dir, 'secret.txt');
    await writeFile(outside, 'root:x:0:0\n');
    const linked = await copyRun(run, join(dir, 'linked-out'));
    const [gkt] = await cellIds(linked, 'gkt');
    await rm(join(linked, 'cells', `${gkt}.jsonl`));
    await symlink(outside, join(linked, 'cells', `${gkt}.jsonl`));
    const refused = await runCli(['view', linked], { timeoutMs: 20_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${gkt}.jsonl: a link to ${outside}, outside the run folders given`);
    expect(refused.stdout).toBe('');

    const inside = await copyRun(run, join(dir, 'linked-in'));
    await rm(join(inside, 'prompts'), { recursive: true });
    await mkdir(join(inside, 'kept'));
    for (const name of await readdir(join(run, 'prompts'))) await writeFile(join(inside, 'kept', name), await readFile(join(run, 'prompts', name)));
    await symlink(join(inside, 'kept'), join(inside, 'prompts'));
    const served = await startViewer([inside]);
    try {
      const cells = await get<CellsPayload>('api/cells', served.url);
      expect(cells.rows).toHaveLength(10);
      // A link leading out that appears while it serves: the pages keep what they had and say why.
      await symlink('/etc/passwd', join(inside, 'cells', 'c-late.jsonl'));
      const after = await until(() => get<RunPayload>('api/run', served.url), (r) => r.reloadError !== null, 'the refused reload');
      expect(after.reloadError).toContain('outside the run folders given');
      expect((await get<CellsPayload>('api/cells', served.url)).rows).toHaveLength(10);
    } finally {
      expect(await served.stop()).toBe(130);
    }
  });
});

describe('gkt view: live and lifecycle', () => {
  it('shows records appended while it serves, and stops on Ctrl-C with status 130', async () => {
    const growing = await copyRun(run, join(dir, 'growing'));
    const [gkt] = await cellIds(growing, 'gkt');
    const path = join(growing, 'cells', `${gkt}.jsonl`);
    const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
    // The header, a segment and two items stay; the rest arrive later, as a running sweep appends them.
    const [kept, later] = [lines.slice(0, 4), lines.slice(4)];
    await writeFile(path, `${kept.join('\n')}\n`);
    const live = await startViewer([growing, '--poll', '100']);
    try {
      const before = await get<CellsPayload>('api/cells', live.url);
      expect(before.rows.find((r) => r.id === gkt)?.present).toBe(2);
      const { version } = await get<RunPayload>('api/run', live.url);
      const events = await fetch(new URL('api/events', live.url));
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      for (const line of later) await appendFile(path, `${line}\n`);
      const after = await until(() => get<RunPayload>('api/run', live.url), (r) => r.version > version, 'a new version');
      expect(after.reloadError).toBeNull();
      const cells = await until(() => get<CellsPayload>('api/cells', live.url), (c) => c.rows.find((r) => r.id === gkt)?.present === 8, 'all 8 items');
      expect(cells.rows.find((r) => r.id === gkt)?.columns['items']?.text).toBe('8/8');
      const reader = events.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: version');
      await reader.cancel();
    } finally {
      expect(await live.stop()).toBe(130);
    }
    expect(live.stderr()).toContain('gkt: view: stopped');
  });

  it('says plainly when there is no browser to open, and hands the URL to one where there is', async () => {
    const none = await startViewer([run, '--open'], { env: { DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '' } });
    try {
      await until(async () => none.stderr(), (s) => s.includes('not opened'), 'the --open message');
      expect(none.stderr()).toContain('not opened in a browser: no display here');
    } finally {
      await none.stop();
    }
    const opened = join(dir, 'opened.txt');
    const browser = join(dir, 'browser.sh');
    await writeFile(browser, `#!/bin/sh\necho "$1" > '${opened}'\n`);
    await chmod(browser, 0o755);
    const some = await startViewer([run, '--open'], { env: { BROWSER: browser } });
    try {
      await until(async () => some.stderr(), (s) => s.includes('opened in a browser'), 'the --open message');
      expect((await readFile(opened, 'utf8')).trim()).toBe(some.url);
    } finally {
      await some.stop();
    }
  });

  it('refuses what is not a run folder, and a port in use, in one line each', async () => {
    const missing = await runCli(['view', join(dir, 'nothing-here')], { timeoutMs: 20_000 });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nothing-here: no such run folder/);
    await mkdir(join(dir, 'empty'));
    const empty = await runCli(['view', join(dir, 'empty')], { timeoutMs: 20_000 });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/not a run folder \(manifest.json is missing\)/);
    const port = new URL(viewer.url).port;
    const taken = await runCli(['view', run, '--port', port], { timeoutMs: 20_000 });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`--port ${port}: already in use`);
  });
});

describe('gkt view --bundle', () => {
  it('writes static pages with every item, replaces its own bundle, and report.html links to one beside it', async () => {
    const out = join(run, 'report', 'view');
    const first = await runCli(['view', run, '--bundle', out], { timeoutMs: 60_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/10 cells, 80 item pages/);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).toContain('<script src="data/run.js"></script>');
    const again = await runCli(['view', run, '--bundle', out], { timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);

    const report = await runCli(['report', run, '-f', 'html']);
    expect(report.code, report.stderr).toBe(0);
    expect(await readFile(join(run, 'report', 'report.html'), 'utf8')).toContain('<a href="view/index.html">browse the items</a>');
    const elsewhere = await runCli(['report', run, '-f', 'html', '-o', join(dir, 'no-bundle')]);
    expect(elsewhere.code).toBe(0);
    expect(await readFile(join(dir, 'no-bundle', 'report.html'), 'utf8')).not.toContain('view/index.html');
  });

  it('never writes over a folder of other files, nor into the run records', async () => {
    const busy = join(dir, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    const refused = await runCli(['view', run, '--bundle', busy], { timeoutMs: 60_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds other files');
    expect(await readdir(busy)).toEqual(['notes.txt']);
    const inside = await runCli(['view', run, '--bundle', join(run, 'cells', 'view')], { timeoutMs: 60_000 });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain("inside the run's own records");
    const over = await runCli(['view', run, '--bundle', join(dir, 'results')], { timeoutMs: 60_000 });
    expect(over.code).toBe(2);
  });
});

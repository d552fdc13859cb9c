// Every method for one pair, run as a user runs it against simulated servers, its records checked by hand.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paretoFront } from '../../src/report/figures/pareto.js';
import { startSimulator, type RunningSimulator } from '../../src/simulate/server.js';
import { readRecords, ROOT, runCli } from '../helpers/cli.js';
import { checkFolder, holds } from '../helpers/run-schema.js';
import { startViewer } from '../view/helpers.js';
import type { CellsPayload, ItemDetail } from '../../src/view/api-types.js';
import { testProfile } from '../simulate/helpers.js';

type Json = Record<string, any>;

const LENGTH = 120;
const SIM = { difficulty: 0.5, decodeMsPerToken: 0, prefillMsPerToken: 0 };
const SPECULATIVE = { acceptance: 0.7, draftTokens: 4, draftMsPerToken: 0 };

describe('gkt run with every method for one pair', () => {
  const servers: Record<string, RunningSimulator> = {};
  let dir: string;
  let run: string;
  let firstRun: string;
  const cells = new Map<string, { header: Json; lines: Json[]; items: Json[] }>();
  const byLabel = (part: string) => [...cells.values()].find((c) => (c.header.cell.label as string).includes(part))!;

  const config = (name: string, draftServer: string) => ({
    name,
    seed: 3,
    mode: 'practical',
    sampling: { teacher: 'greedy', student: 'greedy', baseline: { temperature: 0.7, topP: 0.95 } },
    models: {
      teacher: { kind: 'simulated', url: servers.teacher!.url, model: 'sim-13b', label: 'T' },
      'teacher-vllm': { kind: 'vllm', url: servers.metrics!.url, model: 'sim-13b', label: 'T+draft (vLLM)', speculative: { teacher: 'teacher', draft: 'sim-1b', draftTokens: 4, draftServer } },
      'teacher-llamacpp': { kind: 'simulated', url: servers.timings!.url, model: 'sim-13b', label: 'T+draft (per request)', speculative: { teacher: 'teacher', draftServer } },
      draft: { kind: 'simulated', url: servers.draft!.url, model: 'sim-1b' },
      student: { kind: 'simulated', url: servers.student!.url, model: 'sim-7b', label: 'S' },
    },
    datasets: [{ name: 'gsm8k', path: join(ROOT, 'datasets/fixtures/gsm8k-mini.jsonl'), outputLengths: [LENGTH] }],
    pairs: [{
      teacher: 'teacher',
      student: 'student',
      guidance: [10],
      handoffs: [
        { policy: 'prefix', teacherTokens: 40 },
        { policy: 'per-step', teacherTokens: 6, maxHandoffs: 9 },
        { policy: 'confidence', threshold: -1.5, teacherTokens: 6, window: 8 },
      ],
      cascades: [{ samples: 3, escalate: 'disagree' }, { samples: 1, escalate: 'confidence', threshold: -0.9 }],
      routers: [
        { router: 'oracle' },
        { router: 'random', rate: 0.5 },
        { router: 'threshold', signal: 'logprob', threshold: -0.9 },
        { router: 'threshold', signal: 'agreement', threshold: 1, samples: 3 },
        { router: 'threshold', signal: 'length', threshold: 50 },
      ],
    }],
    requests: { timeoutSeconds: 30, graceSeconds: 2 },
  });

  beforeAll(async () => {
    servers.teacher = await startSimulator(testProfile({ model: 'sim-13b', accuracy: 0.85, ...SIM }));
    servers.metrics = await startSimulator(testProfile({ model: 'sim-13b', accuracy: 0.85, ...SIM, speculative: SPECULATIVE }));
    servers.timings = await startSimulator(testProfile({ model: 'sim-13b', accuracy: 0.85, ...SIM, speculative: SPECULATIVE }));
    servers.draft = await startSimulator(testProfile({ model: 'sim-1b', accuracy: 0.1 }));
    servers.student = await startSimulator(testProfile({ model: 'sim-7b', accuracy: 0.3, vocabulary: 'other', ...SIM }));
    dir = await mkdtemp(join(tmpdir(), 'gkt-methods-'));
    await writeFile(join(dir, 'methods.json'), JSON.stringify(config('methods', 'draft')));
    const result = await runCli(['run', join(dir, 'methods.json'), '--results', join(dir, 'results'), '--quiet']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    firstRun = result.stderr;
    run = join(dir, 'results', 'methods');
    for (const file of await readdir(join(run, 'cells'))) {
      const lines = await readRecords(join(run, 'cells', file));
      cells.set(file.replace('.jsonl', ''), { header: lines[0]!, lines, items: lines.filter((l) => l.type === 'item') });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('plans prefix(N) as the GKT cell itself, with the id guidance N gives it', async () => {
    const plain = { ...config('plain', 'draft'), pairs: [{ teacher: 'teacher', student: 'student', guidance: [10, 40] }] };
    await writeFile(join(dir, 'plain.json'), JSON.stringify(plain));
    const result = await runCli(['plan', join(dir, 'plain.json'), '--results', join(dir, 'results'), '--json']);
    const ids = (JSON.parse(result.stdout) as Json).plan.cells.filter((c: Json) => c.kind === 'gkt').map((c: Json) => c.id).sort();
    const ours = [...cells.values()].filter((c) => c.header.cell.kind === 'gkt').map((c) => c.header.cell.id).sort();
    expect(ours).toEqual(ids);
    expect(ours).toHaveLength(2);
  });

  it('records every cell for every item, and the plan bounds what each method may ask', async () => {
    expect([...cells.values()].map((c) => c.header.cell.kind).sort()).toEqual(
      ['cascade', 'cascade', 'gkt', 'gkt', 'handoff', 'handoff', 'route', 'route', 'route', 'route', 'route', 'single', 'single', 'single', 'single', 'single'],
    );
    for (const cell of cells.values()) expect(new Set(cell.items.map((i) => i.item)).size, cell.header.cell.label).toBe(8);
    const plan = await runCli(['plan', join(dir, 'methods.json'), '--results', join(dir, 'results')]);
    expect(plan.stdout).toMatch(/handoff .*per-step\(6\)→120 .*≤\d+ \(T \d+, S \d+\)/);
    expect(plan.stdout).toMatch(/route .*reads records +0 /);
  });

  it('writes every file as the published run-folder schema says: methods in the plan, traces in the records, the speculative server\'s lines', async () => {
    const { problems, seen, documents } = await checkFolder(run);
    expect(problems).toEqual([]);
    // One of each per speculative server's cell: both simulated servers report the counters.
    expect(seen.acceptance).toBe(2);
    expect(seen.vocabulary).toBe(2);
    for (const key of ['method', 'segments', 'samples', 'sides', 'logprob', 'draft', 'speculative']) expect(holds(documents, key), key).toBe(true);
  });

  it('keeps hand-off segments whose tokens add up, per role and per item, to the answer\'s', () => {
    for (const part of ['per-step(6)', 'confidence(-1.5, 6)']) {
      const cell = byLabel(part);
      let handoffs = 0;
      for (const item of cell.items) {
        const trace = item.method;
        expect(item.error).toBeNull();
        const sum = (role: string) => trace.segments.filter((s: Json) => s.role === role).reduce((n: number, s: Json) => n + s.tokens, 0);
        expect(sum('teacher')).toBe(trace.tokens.teacher);
        expect(sum('student')).toBe(trace.tokens.student);
        expect(trace.tokens.teacher + trace.tokens.student).toBe(trace.tokens.total);
        expect(item.student.completionTokens).toBe(trace.tokens.total);
        expect(trace.segments.map((s: Json) => s.text).join('')).toBe(item.student.text);
        for (const s of trace.segments) expect(s.generated).toBeGreaterThanOrEqual(s.tokens);
        const paid = (role: string) => trace.segments.filter((s: Json) => s.role === role).reduce((n: number, s: Json) => n + s.generated, 0);
        expect(paid('teacher')).toBe(trace.generated.teacher);
        expect(paid('student')).toBe(trace.generated.student);
        expect(trace.generated.teacher + trace.generated.student).toBeLessThanOrEqual(LENGTH);
        // The practical mode's stop holds across segments: no answer runs on into the next question.
        expect(item.student.text).not.toMatch(/\n *Q:/);
        handoffs = Math.max(handoffs, trace.handoffs);
      }
      expect(handoffs).toBeGreaterThan(0);
      if (part.startsWith('per-step')) expect(handoffs).toBeLessThanOrEqual(9);
    }
    // The confidence policy hands over at a student token below its threshold, which is cut off.
    const lows = byLabel('confidence(').items.flatMap((i) => i.method.segments.filter((s: Json) => s.end === 'low-confidence'));
    expect(lows.length).toBeGreaterThan(0);
    for (const s of lows) expect(s.lowToken.logprob).toBeLessThan(-1.5);
  });

  it('asks a cascade\'s samples with their index, and goes to the teacher only when they disagree or doubt', () => {
    const agreeing = byLabel('cascade(3 disagree)');
    for (const item of agreeing.items) {
      const trace = item.method;
      expect(trace.samples.map((s: Json) => s.index)).toEqual([0, 1, 2]);
      const answers = trace.samples.map((s: Json) => s.answer);
      const agree = answers[0] === null ? 0 : answers.filter((a: string) => a === answers[0]).length / 3;
      expect(trace.agreement).toBeCloseTo(agree);
      expect(trace.escalated).toBe(agree < 1);
      expect(trace.teacher !== null).toBe(agree < 1);
      expect(item.student.text).toBe(agree < 1 ? trace.teacher.text : trace.samples[0].text);
    }
    const doubting = byLabel('cascade(1 conf<-0.9)');
    for (const item of doubting.items) expect(item.method.escalated).toBe(item.method.samples[0].logprob.mean < -0.9);
  });

  it('routes as the records of both models alone say, to be checked by hand', () => {
    const alone = (model: string) => [...cells.values()].find((c) => c.header.cell.kind === 'single' && c.header.cell.student.model.name === model && c.header.cell.student.batching.kind === 'serial')!;
    const student = new Map(alone('student').items.map((i) => [i.item, i]));
    const teacher = new Map(alone('teacher').items.map((i) => [i.item, i]));
    expect(alone('student').header.cell.student.logprobs).toBe(true);
    const right = (record: Json) => record.answers.flexible.correct as boolean;
    for (const [part, choose] of [
      ['route oracle', (s: Json, t: Json) => !right(s) && right(t)],
      ['route logprob<-0.9', (s: Json) => s.student.logprob.mean < -0.9],
      ['route length>50', (s: Json) => s.student.logprob.tokens > 50],
    ] as const) {
      const route = byLabel(part);
      let correct = 0;
      for (const item of route.items) {
        const s = student.get(item.item)!;
        const t = teacher.get(item.item)!;
        const to = choose(s, t) ? 'teacher' : 'student';
        expect(item.method.to, `${part} ${item.item}`).toBe(to);
        expect(item.student.text).toBe((to === 'teacher' ? t : s).student.text);
        if (right(to === 'teacher' ? t : s)) correct += 1;
        const paid = (part === 'route oracle' ? [] : [s]).concat(to === 'teacher' ? [t] : part === 'route oracle' ? [s] : []);
        const ms = paid.reduce((n, r) => n + (r.student.timing.end - r.student.timing.start), 0);
        expect(item.method.ms).toBeCloseTo(ms, 6);
      }
      expect(route.items.filter((i) => i.answers.flexible.correct)).toHaveLength(correct);
    }
  });

  it('gives routing figures a reader recomputes by hand from the records of both models alone', async () => {
    const out = join(dir, 'report-routing');
    const result = await runCli(['report', run, '--rule', 'flexible', '-f', 'json', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    const metrics = (JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Json).metrics as Json[];
    const of = (part: string) => metrics.find((m) => (m.label as string).includes(part))!;
    const alone = (model: string) => [...cells.values()].find((c) => c.header.cell.kind === 'single' && c.header.cell.student.model.name === model && c.header.cell.student.batching.kind === 'serial')!;
    const student = new Map(alone('student').items.map((i) => [i.item, i]));
    const teacher = new Map(alone('teacher').items.map((i) => [i.item, i]));
    const right = (record: Json) => record.answers.flexible.correct as boolean;
    const ms = (record: Json) => record.student.timing.end - record.student.timing.start;
    const items = [...student.keys()];
    const percent = (n: number) => (100 * n) / items.length;

    // Oracle: an item is right when either model alone was right.
    const oracle = of('route oracle');
    expect(oracle.acc.flexible.percent).toBeCloseTo(percent(items.filter((i) => right(student.get(i)!) || right(teacher.get(i)!)).length), 9);
    expect(oracle.versus.routing.oracle.toTeacher).toBe(items.filter((i) => !right(student.get(i)!) && right(teacher.get(i)!)).length);

    // Random at rate p: its expected accuracy mixes the two accuracies alone; its own items are the chosen side's answers.
    const accAlone = (records: Map<string, Json>) => percent(items.filter((i) => right(records.get(i)!)).length);
    expect(of('route random(0.5)').versus.routing.expectedAcc).toBeCloseTo(0.5 * accAlone(student) + 0.5 * accAlone(teacher), 9);
    const random = byLabel('route random(0.5)');
    for (const item of random.items) expect(item.student.text).toBe((item.method.to === 'teacher' ? teacher : student).get(item.item)!.student.text);
    expect(of('route random(0.5)').acc.flexible.percent).toBeCloseTo(percent(random.items.filter((i) => right((i.method.to === 'teacher' ? teacher : student).get(i.item)!)).length), 9);

    // The log-probability sweep: at each threshold, items at or below it (or with no signal) go to the teacher; the student runs on every item.
    const sweep = of('route logprob<-0.9').versus.routing.sweep as Json[];
    expect(sweep.at(-1)!.toTeacher).toBe(items.length);
    for (const point of sweep) {
      const mean = (i: string) => student.get(i)!.student.logprob.mean as number | null;
      const toTeacher = (i: string) => point.toTeacher > 0 && (mean(i) === null || (point.threshold !== null && mean(i)! <= point.threshold));
      const sent = items.filter(toTeacher);
      expect(sent.length, `threshold ${String(point.threshold)}`).toBe(point.toTeacher);
      expect(point.correct).toBe(items.filter((i) => right((toTeacher(i) ? teacher : student).get(i)!)).length);
      const seconds = items.reduce((n, i) => n + ms(student.get(i)!) + (toTeacher(i) ? ms(teacher.get(i)!) : 0), 0) / 1000;
      expect(point.seconds).toBeCloseTo(seconds, 6);
    }

    // Agreement: the cascade's three samples, to the teacher unless all agree; the student's answer is the first sample.
    const samples = new Map(byLabel('cascade(3 disagree)').items.map((i) => [i.item, i.method]));
    for (const item of byLabel('route agreement<1').items) {
      const trace = samples.get(item.item)!;
      expect(item.method.to).toBe(trace.agreement < 1 ? 'teacher' : 'student');
      expect(item.student.text).toBe(trace.agreement < 1 ? teacher.get(item.item)!.student.text : trace.samples[0].text);
    }
  });

  it('counts the prompt tokens of every request a hand-off or a cascade made, not only its first', async () => {
    const out = join(dir, 'report-tokens');
    const result = await runCli(['report', run, '--rule', 'flexible', '-f', 'json', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    const metrics = (JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Json).metrics as Json[];
    const sum = (values: (number | null | undefined)[]) => values.reduce<number>((n, v) => n + (v ?? 0), 0);
    const paid = (trace: Json): number => trace.kind === 'handoff'
      ? sum(trace.segments.map((s: Json) => s.promptTokens))
      : sum([...trace.samples.map((s: Json) => s.facts?.promptTokens), trace.teacher?.promptTokens]);
    for (const label of ['per-step', 'confidence', 'cascade(3 disagree)']) {
      const cell = byLabel(label);
      const expected = sum(cell.items.filter((i) => i.student !== null).map((i) => paid(i.method)));
      const firsts = sum(cell.items.map((i) => i.student?.promptTokens));
      expect(expected, label).toBeGreaterThan(firsts);
      const figures = metrics.find((m) => m.id === cell.header.cell.id)!;
      expect(figures.roles.student.promptTokens.sum, label).toBe(expected);
    }
  });

  it('serves speculative decoding from its server\'s own figures, its vocabulary checked against the draft\'s', () => {
    const vllm = byLabel('T+draft (vLLM)');
    const llamacpp = byLabel('T+draft (per request)');
    const acceptance = vllm.lines.filter((l) => l.type === 'acceptance');
    expect(acceptance).toHaveLength(1);
    expect(acceptance[0]!.drafts).toBeGreaterThan(0);
    expect(acceptance[0]!.acceptedTokens).toBeLessThanOrEqual(acceptance[0]!.draftTokens);
    for (const cell of [vllm, llamacpp]) {
      expect(cell.lines.find((l) => l.type === 'vocabulary')).toMatchObject({ draft: 'draft', result: 'same' });
    }
    expect(firstRun).not.toMatch(/vocabulary (differs|not checked)/);
    for (const item of llamacpp.items) expect(item.student.draft.accepted).toBeLessThanOrEqual(item.student.draft.drafted);
    // Lossless: the same answers as the teacher alone.
    const teacher = [...cells.values()].find((c) => c.header.cell.label === 'T alone 120')!;
    const texts = new Map(teacher.items.map((i) => [i.item, i.student.text]));
    for (const item of llamacpp.items) expect(item.student.text).toBe(texts.get(item.item));
  });

  it('reports every method against both models alone, its Pareto front the table\'s own', async () => {
    const result = await runCli(['report', run, '--rule', 'flexible', '-f', 'json', '-f', 'svg', '-o', join(dir, 'report')]);
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8')) as Json;
    const table = report.tables.find((t: Json) => t.id === 'methods');
    const rows = table.rows.filter((r: Json) => r.kind === 'data').map((r: Json) => r.values);
    const methods = rows.map((r: Json) => r.method.text.replace(/~$/, ''));
    for (const part of ['student alone', 'teacher alone', 'GKT prefix(40)', 'per-step(6)', 'cascade(3 disagree)', 'route oracle', 'speculative decoding (draft 4)']) {
      expect(methods.some((m: string) => m.startsWith(part)), part).toBe(true);
    }
    const timed = rows.filter((r: Json) => r.time.value !== null);
    const front = paretoFront(timed.map((r: Json) => ({ seconds: r.time.value, acc: r.acc.value })));
    expect(timed.map((r: Json) => r.front.text === '★')).toEqual(front);
    const oracle = rows.find((r: Json) => r.method.text.startsWith('route oracle'));
    const student = rows.find((r: Json) => r.method.text.startsWith('student alone'));
    const teacher = rows.find((r: Json) => r.method.text.startsWith('teacher alone'));
    expect(oracle.acc.value).toBeGreaterThanOrEqual(Math.max(student.acc.value, teacher.acc.value));
    const speculative = rows.filter((r: Json) => r.method.text.startsWith('speculative'));
    for (const row of speculative) expect(row.note.text).toMatch(/^lossless: Δ ACC against the teacher alone \+0\.00; .*accepted .*vocabulary same$/);
    const svg = await readFile(join(dir, 'report', 'figures', 'fig-methods.svg'), 'utf8');
    expect(svg).toContain('Pareto front');
    // The figure names the rows the table stars in its front's legend, and no other (the kinds' legend names both models alone).
    const named = (text: string) => svg.includes(`>${text.replace(/~$/, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}<`);
    for (const row of timed) {
      if (row.front.text === '★') expect(named(row.method.text), row.method.text).toBe(true);
      else if (!/^(student|teacher) alone/.test(row.method.text)) expect(named(row.method.text), row.method.text).toBe(false);
    }
  });

  it('shows every method cell in gkt view, a hand-off answer marked where the teacher wrote it', async () => {
    const viewer = await startViewer([run]);
    try {
      const get = async <T>(path: string): Promise<T> => {
        const response = await fetch(new URL(path, viewer.url));
        expect(response.status, path).toBe(200);
        return (await response.json()) as T;
      };
      const listed = await get<CellsPayload>('api/cells?rule=flexible');
      expect(JSON.stringify(listed)).toContain('per-step(6)');
      const cell = byLabel('per-step(6)');
      const record = cell.items.find((i) => i.method.handoffs > 0)!;
      const item = await get<ItemDetail>(`api/item?cell=${cell.header.cell.id as string}&item=${encodeURIComponent(record.item as string)}`);
      expect(item.answer).toBe(record.student.text);
      const teacher = record.method.segments.filter((s: Json) => s.role === 'teacher' && s.text !== '').map((s: Json) => s.text);
      expect(item.teacherSpans.map((span) => item.answer.slice(span.start, span.end))).toEqual(teacher);
      const escalated = byLabel('cascade(3 disagree)').items.find((i) => i.method.escalated);
      if (escalated !== undefined) {
        const whole = await get<ItemDetail>(`api/item?cell=${byLabel('cascade(3 disagree)').header.cell.id as string}&item=${encodeURIComponent(escalated.item as string)}`);
        expect(whole.teacherSpans).toEqual([{ start: 0, end: whole.answer.length }]);
      }
    } finally {
      await viewer.stop();
    }
  });

  it('says so when the draft\'s server tokenizes otherwise', async () => {
    await writeFile(join(dir, 'other.json'), JSON.stringify({ ...config('other', 'student'), pairs: [{ teacher: 'teacher', student: 'student', datasets: ['gsm8k'] }] }));
    const result = await runCli(['run', join(dir, 'other.json'), '--results', join(dir, 'results'), '--quiet', '--limit', '2']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/T\+draft \(vLLM\).*: vocabulary differs from its draft's: .*first difference at token/);
    const folder = join(dir, 'results', 'other', 'cells');
    const checks = [];
    for (const file of await readdir(folder)) checks.push(...(await readRecords(join(folder, file))).filter((l) => l.type === 'vocabulary'));
    expect(checks.length).toBe(2);
    for (const check of checks) expect(check).toMatchObject({ draft: 'student', result: 'different' });
  });

  it('answers a cascade\'s samples from the cache under another run name, each sample by its own index', async () => {
    const first = byLabel('cascade(3 disagree)');
    // Samples are requests of their own: under sampling they differ somewhere.
    expect(first.items.some((i) => new Set(i.method.samples.map((s: Json) => s.text)).size > 1)).toBe(true);
    const result = await runCli(['run', join(dir, 'methods.json'), '--results', join(dir, 'results'), '--run-name', 'again', '--quiet']);
    expect(result.code).toBe(0);
    const again = (await readRecords(join(dir, 'results', 'again', 'cells', `${first.header.cell.id as string}.jsonl`))).filter((l) => l.type === 'item');
    const before = new Map(first.items.map((i) => [i.item, i.method.samples.map((s: Json) => s.text)]));
    for (const item of again) {
      expect(item.method.samples.map((s: Json) => s.text)).toEqual(before.get(item.item));
      for (const sample of item.method.samples) expect(sample.facts.cached).toBe(true);
    }
  });

  it('counts every request a method made, a hand-off\'s segments and a cascade\'s samples each', async () => {
    const fresh = (facts: Json | null) => (facts !== null && facts.cached === false ? 1 : 0);
    let made = 0;
    for (const file of await readdir(join(run, 'teacher'))) made += (await readRecords(join(run, 'teacher', file))).filter((l) => l.type === 'teacher' && !l.cached).length;
    for (const cell of cells.values()) {
      for (const item of cell.items) {
        const trace = item.method;
        if (trace === undefined) made += fresh(item.student);
        else if (trace.kind === 'handoff') made += trace.segments.reduce((n: number, s: Json) => n + fresh(s), 0);
        else if (trace.kind === 'cascade') made += trace.samples.reduce((n: number, s: Json) => n + fresh(s.facts), 0) + fresh(trace.teacher);
      }
    }
    expect(made).toBeGreaterThan(cells.size * 8);
    expect(firstRun).toContain(`, ${made} requests made;`);
  });

  it('resumes with no request once every method is recorded', async () => {
    const result = await runCli(['run', join(dir, 'methods.json'), '--results', join(dir, 'results'), '--quiet']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/0 requests made/);
  });
});

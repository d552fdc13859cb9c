// A GKT cell between chat models, as a user runs it: the exact bytes each server receives, the guidance continued in the student's own turn.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi, type FakeRequest } from '../helpers/fake-openai.js';
import { answer as fakeAnswer, splitTokens, type AnswerOptions } from '../helpers/fake-replies.js';
import { readRecords, ROOT, runCli } from '../helpers/cli.js';

/** The fake reports a prompt of 400 tokens, as long as the prompts here really are (gkt checks the count for truncation). */
const answer = (text: string | null, options: AnswerOptions = {}) =>
  fakeAnswer(text, { usage: { prompt: 400, completion: options.tokens?.length ?? splitTokens(text ?? '').length }, ...options });

const CHAT = join(ROOT, 'test', 'fixtures', 'chat');
const DATASET = join(ROOT, 'test', 'fixtures', 'simulate', 'gsm8k.jsonl');
const QUESTION = 'Nora bakes 14 muffins and gives 5 of them to her neighbour. How many muffins does she keep?';

/** The first two exemplars of gkt's GSM8K prompt file, as (question, answer) pairs read here on their own. */
async function exemplars(): Promise<Array<{ q: string; a: string }>> {
  const text = await readFile(join(ROOT, 'prompts', 'gsm8k.reference.txt'), 'utf8');
  return text.split('\n\n').slice(0, 2).map((block) => {
    const [q, a] = block.split('\nA: ');
    return { q: q!.slice('Q: '.length), a: a! };
  });
}

let work: string;
let teacher: FakeOpenAi;
let student: FakeOpenAi;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gkt-chat-cell-'));
});

afterEach(async () => {
  await Promise.all([teacher?.close(), student?.close()]);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const generations = (server: FakeOpenAi) => server.requests.filter((r) => r.route === 'completions' || r.route === 'chat');

async function run(name: string, models: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<{ code: number | null; stderr: string; dir: string }> {
  const config = {
    name,
    seed: 1,
    mode: 'practical',
    shots: 2,
    sampling: { teacher: 'greedy', student: 'greedy', baseline: 'greedy' },
    models,
    datasets: [{ name: 'gsm8k', path: DATASET, limit: 1 }],
    pairs: [{ teacher: 'teacher', student: 'student', guidance: [5], outputLengths: [12] }],
    baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
    cache: false,
    ...extra,
  };
  const path = join(work, `${name}.json`);
  await writeFile(path, JSON.stringify(config));
  const result = await runCli(['run', path, '--results', work, '--quiet'], { cwd: work });
  return { code: result.code, stderr: result.stderr, dir: join(work, name) };
}

describe('a GKT cell with gkt rendering both chat templates', () => {
  it('sends the teacher its reply prompt and the student the guidance inside its own open turn, byte for byte', async () => {
    teacher = await startFakeOpenAi({ model: 'teacher-it', answer: () => answer(null, { tokens: ['Nora', ' keeps', ' 14', ' -', ' 5'] }) });
    student = await startFakeOpenAi({ model: 'student-it', answer: () => answer(null, { tokens: [' =', ' 9.', ' The', ' answer', ' is', ' 9.'], finishReason: 'stop' }) });
    const { code, stderr, dir } = await run('both-gkt', {
      // A vLLM teacher in the header-token style, with a system prompt and the exemplars in one message.
      teacher: { kind: 'vllm', url: teacher.url, model: 'teacher-it', chat: { template: join(CHAT, 'header-turns.jinja'), system: 'Reason, then answer.', date: '2025-03-01' } },
      // A llama.cpp student in the [INST] style, the exemplars as turns.
      student: { kind: 'llamacpp', url: student.url, model: 'student-it', chat: { template: join(CHAT, 'inst.jinja'), fewShot: 'multi-turn' } },
    });
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    const [one, two] = await exemplars();

    const [toTeacher] = generations(teacher);
    // The template's own BOS is kept for vLLM, which is told not to add another.
    expect(toTeacher!.body.prompt).toBe(
      '<s><|start_header_id|>system<|end_header_id|>\n\nToday Date: 01 Mar 2025\n\nReason, then answer.<|eot_id|>' +
        `<|start_header_id|>user<|end_header_id|>\n\nQ: ${one!.q}\nA: ${one!.a}\n\nQ: ${two!.q}\nA: ${two!.a}\n\nQ: ${QUESTION}\nA:<|eot_id|>` +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
    expect(toTeacher!.body.add_special_tokens).toBe(false);

    const [toStudent] = generations(student);
    // llama.cpp adds its BOS itself: the template's is left out. The guidance follows [/INST] after the
    // template's space: no end of turn, no new turn, nothing lost or added between.
    expect(toStudent!.body.prompt).toBe(
      `[INST] Q: ${one!.q}\nA: [/INST] ${one!.a}</s>[INST] Q: ${two!.q}\nA: [/INST] ${two!.a}</s>[INST] Q: ${QUESTION}\nA: [/INST] Nora keeps 14 - 5`,
    );
    expect(toStudent!.body).not.toHaveProperty('add_special_tokens');

    const cells = await readdirRecords(dir);
    const item = cells.find((l) => l.type === 'item')!;
    expect(item.guidance).toMatchObject({ text: 'Nora keeps 14 - 5', raw: 'Nora keeps 14 - 5', tokens: 5 });
    expect(item.student.text).toBe(' = 9. The answer is 9.');
    expect(item.answers.strict).toMatchObject({ answer: '9', correct: true });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.models.student.chat).toMatchObject({ render: 'gkt', fewShot: 'multi-turn', template: { origin: join(CHAT, 'inst.jinja'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    expect(plan.cells[0].student.model.chat.template).toBe(manifest.models.student.chat.template.sha256);
  });

  it('gives the cell another id when the template changes', async () => {
    teacher = await startFakeOpenAi({ model: 'teacher-it', answer: () => answer(null, { tokens: ['a', ' b', ' c', ' d', ' e'] }) });
    student = await startFakeOpenAi({ model: 'student-it', answer: () => answer(' The answer is 9.', { finishReason: 'stop' }) });
    const models = (template: string) => ({
      teacher: { kind: 'vllm', url: teacher.url, model: 'teacher-it', chat: { template: join(CHAT, 'chatml.jinja') } },
      student: { kind: 'vllm', url: student.url, model: 'student-it', chat: { template: join(CHAT, template) } },
    });
    const first = await run('ids-a', models('chatml.jinja'));
    const second = await run('ids-b', models('start-of-turn.jinja'));
    expect([first.code, second.code]).toEqual([0, 0]);
    const ids = async (dir: string) => JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')).cells.map((c: { id: string }) => c.id);
    expect(await ids(first.dir)).not.toEqual(await ids(second.dir));
  });
});

describe('a student behind the server\'s own template', () => {
  it('gets the conversation with the guidance as a final assistant message to continue (vLLM: continue_final_message)', async () => {
    teacher = await startFakeOpenAi({ model: 'teacher-it', answer: () => answer(null, { tokens: ['Nora', ' keeps', ' 14', ' -', ' 5'] }) });
    student = await startFakeOpenAi({ model: 'student-it', answer: () => answer(' = 9. The answer is 9.', { finishReason: 'stop' }) });
    const { code, dir } = await run('server-student', {
      teacher: { kind: 'vllm', url: teacher.url, model: 'teacher-it', chat: { template: join(CHAT, 'chatml.jinja') } },
      student: { kind: 'vllm', url: student.url, model: 'student-it', chat: { render: 'server', system: 'Be brief.', variables: { enable_thinking: false } } },
    });
    expect(code).toBe(0);
    const [one, two] = await exemplars();
    const body = generations(student)[0]!.body;
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: `Q: ${one!.q}\nA: ${one!.a}\n\nQ: ${two!.q}\nA: ${two!.a}\n\nQ: ${QUESTION}\nA:` },
      { role: 'assistant', content: 'Nora keeps 14 - 5' },
    ]);
    expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false, chat_template_kwargs: { enable_thinking: false } });
    expect(generations(student)[0]!.path).toBe('/v1/chat/completions');
    const item = (await readdirRecords(dir)).find((l) => l.type === 'item')!;
    expect(item.answers.strict).toMatchObject({ answer: '9', correct: true });
  });

  it('refuses an OpenAI student before anything runs, saying why; an OpenAI teacher is fine', async () => {
    teacher = await startFakeOpenAi({ model: 'teacher-it' });
    student = await startFakeOpenAi({ model: 'gpt-x' });
    const { code, stderr } = await run(
      'openai-student',
      {
        teacher: { kind: 'vllm', url: teacher.url, model: 'teacher-it', chat: { template: join(CHAT, 'chatml.jinja') } },
        student: { kind: 'openai', url: student.url, model: 'gpt-x', apiKeyEnv: 'HOME', chat: { render: 'server' } },
      },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/\$\.pairs\[0\]\.student: "student" cannot continue the teacher's guidance in its own assistant turn \(OpenAI's chat API always starts a new assistant turn\); it can be a teacher/);
    expect(teacher.requests).toHaveLength(0);
    expect(student.requests).toHaveLength(0);
  });
});

async function readdirRecords(dir: string): Promise<Array<Record<string, any>>> {
  const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
  const lines: Array<Record<string, any>> = [];
  for (const cell of plan.cells as Array<{ id: string }>) lines.push(...(await readRecords(join(dir, 'cells', `${cell.id}.jsonl`))));
  return lines;
}

export type { FakeRequest };

describe('reasoning models', () => {
  it('takes guidance from the teacher\'s thinking, continues it in the student\'s, and closes the student\'s at its budget', async () => {
    teacher = await startFakeOpenAi({ model: 'reasoner-big', answer: () => answer(null, { tokens: ['First', ' 14', ' muffins', ' minus', ' 5'] }) });
    student = await startFakeOpenAi({
      model: 'reasoner-small',
      answer: (_request, n) =>
        n === 1
          ? answer(null, { tokens: [' is', ' 9', ' muffins'], finishReason: 'length' })
          : answer(null, { tokens: ['The', ' answer', ' is', ' 9.'], finishReason: 'stop' }),
    });
    const { code, stderr, dir } = await run('reasoning', {
      teacher: { kind: 'vllm', url: teacher.url, model: 'reasoner-big', chat: { template: join(CHAT, 'chatml.jinja'), thinking: {} } },
      // Its generation prompt opens <think> itself (DeepSeek-R1 style); it may think 3 tokens.
      student: { kind: 'llamacpp', url: student.url, model: 'reasoner-small', chat: { template: join(CHAT, 'think-open.jinja'), thinking: { budget: 3 } } },
    });
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    const [one, two] = await exemplars();
    const fewShot = `Q: ${one!.q}\nA: ${one!.a}\n\nQ: ${two!.q}\nA: ${two!.a}\n\nQ: ${QUESTION}\nA:`;

    // The teacher's turn is opened inside its thinking, so its first five tokens are thinking.
    const toTeacher = generations(teacher)[0]!.body;
    expect(toTeacher.prompt).toBe(`<|im_start|>system\nYou are a careful assistant.<|im_end|>\n<|im_start|>user\n${fewShot}<|im_end|>\n<|im_start|>assistant\n<think>\n`);
    const passRecord = (await readRecords(join(dir, 'teacher', (await readFile(join(dir, 'plan.json'), 'utf8')).match(/"(t-[0-9a-f]{12})"/)![1] + '.jsonl'))).find((l) => l.type === 'teacher')!;
    expect(passRecord).toMatchObject({ text: '', thinking: { text: '\nFirst 14 muffins minus 5', tokens: 5, end: 'open' } });

    // The student's template opened the thinking already: the guidance follows it directly.
    const [first, second] = generations(student);
    const head = `<｜User｜>${fewShot}<｜Assistant｜><think>\nFirst 14 muffins minus 5`;
    expect(first!.body).toMatchObject({ prompt: head, max_tokens: 3 });
    // Three tokens of thinking, still open: gkt closes it and the student answers with what is left of its 12.
    expect(second!.body).toMatchObject({ prompt: `${head} is 9 muffins\n</think>\n\n`, max_tokens: 9 });

    const item = (await readdirRecords(dir)).find((l) => l.type === 'item')!;
    expect(item.guidance).toMatchObject({ segment: 'thinking', text: 'First 14 muffins minus 5', tokens: 5 });
    expect(item.student).toMatchObject({
      text: ' is 9 muffins\n</think>\n\nThe answer is 9.',
      thinking: { text: 'First 14 muffins minus 5 is 9 muffins\n', tokens: 3, end: 'budget' },
      answer: '\n\nThe answer is 9.',
      completionTokens: 3 + 4,
    });
    expect(item.answers.strict).toMatchObject({ answer: '9', correct: true });
  });

  it('takes guidance from the teacher\'s answer once it has thought, and gives it to an instruct student as its answer\'s start', async () => {
    teacher = await startFakeOpenAi({
      model: 'reasoner',
      answer: (_request, n) =>
        n === 1
          ? answer(null, { tokens: ['<think>', '\nAdd', ' up', '</think>', '\n\n', 'She'], finishReason: 'length' })
          : answer(null, { tokens: [' keeps', ' 9', ' muffins', '.'], finishReason: 'stop' }),
    });
    student = await startFakeOpenAi({ model: 'instruct', answer: () => answer(' The answer is 9.', { finishReason: 'stop' }) });
    const { code, dir } = await run(
      'answer-guidance',
      {
        teacher: { kind: 'sglang', url: teacher.url, model: 'reasoner', chat: { template: join(CHAT, 'chatml.jinja'), thinking: { guidance: 'answer', budget: 6 } } },
        student: { kind: 'sglang', url: student.url, model: 'instruct', chat: { template: join(CHAT, 'start-of-turn.jinja') } },
      },
      { pairs: [{ teacher: 'teacher', student: 'student', guidance: [3], outputLengths: [12] }] },
    );
    expect(code).toBe(0);
    const [a, b] = generations(teacher);
    expect(a!.body.max_tokens).toBe(6);
    // The model closed its thinking itself within the budget: the turn goes on, no marker added, for its 3 answer tokens.
    expect(b!.body.prompt.endsWith('<|im_start|>assistant\n<think>\nAdd up</think>\n\nShe')).toBe(true);
    expect(b!.body.max_tokens).toBe(3);
    const item = (await readdirRecords(dir)).find((l) => l.type === 'item')!;
    // The answer's first three tokens: the line break after the thinking is one of them.
    expect(item.guidance).toMatchObject({ segment: 'answer', text: 'She keeps', tokens: 3 });
    const [one, two] = await exemplars();
    expect(generations(student)[0]!.body.prompt).toBe(
      `<start_of_turn>user\nQ: ${one!.q}\nA: ${one!.a}\n\nQ: ${two!.q}\nA: ${two!.a}\n\nQ: ${QUESTION}\nA:<end_of_turn>\n<start_of_turn>model\nShe keeps`,
    );
  });
});

describe('a server that returns thinking apart from the text', () => {
  it('joins reasoning_content back before the answer, so the student\'s thinking and answer are kept apart all the same', async () => {
    teacher = await startFakeOpenAi({ model: 'reasoner-big', answer: () => answer(null, { tokens: ['First', ' 14', ' muffins', ' minus', ' 5'] }) });
    student = await startFakeOpenAi({
      model: 'reasoner-small',
      answer: () => answer('The answer is 9.', { finishReason: 'stop', reasoning: ' is 9 left.\n' }),
    });
    const { code, dir } = await run('reasoning-apart', {
      teacher: { kind: 'vllm', url: teacher.url, model: 'reasoner-big', chat: { template: join(CHAT, 'chatml.jinja'), thinking: {} } },
      student: { kind: 'vllm', url: student.url, model: 'reasoner-small', chat: { render: 'server', thinking: {} } },
    });
    expect(code).toBe(0);
    const body = generations(student)[0]!.body;
    expect(body.messages.at(-1)).toEqual({ role: 'assistant', content: '<think>\nFirst 14 muffins minus 5' });
    expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    const item = (await readdirRecords(dir)).find((l) => l.type === 'item')!;
    expect(item.student).toMatchObject({
      text: ' is 9 left.\n</think>The answer is 9.',
      thinking: { text: '\nFirst 14 muffins minus 5 is 9 left.\n', end: 'closed' },
      answer: 'The answer is 9.',
    });
    expect(item.answers.strict).toMatchObject({ answer: '9', correct: true });
  });
});

// Checks of models' `chat` blocks the schema cannot express: render and template together, the server kind, students that must continue a turn.
import { reportsTemplate } from './chat.js';
import { member } from './schema-errors.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Kinds whose chat API is known to continue a final assistant message (llama.cpp's is checked when it starts). */
const CONTINUES: Record<string, string | null> = {
  vllm: null,
  sglang: null,
  llamacpp: null,
  simulated: null,
  openai: "OpenAI's chat API always starts a new assistant turn",
  tgi: "TGI's Messages API has no way to continue an assistant message",
  generic: 'a generic server is not known to continue an assistant message',
  ollama: "gkt sends Ollama's raw /api/generate the text it renders (set render to gkt)",
};

export function chatProblems(models: Json, pairs: unknown[]): string[] {
  const problems: string[] = [];
  for (const [key, model] of Object.entries(models)) {
    if (!isObject(model) || !isObject(model.chat)) continue;
    const at = `$.models${member(key)}.chat`;
    const chat = model.chat;
    const render = chat.render ?? 'gkt';
    const kind = typeof model.kind === 'string' ? model.kind : '';
    const launch = isObject(model.launch) ? model.launch : undefined;
    if (render === 'gkt') {
      if (chat.template === undefined && !reportsTemplate({ kind, launch })) {
        problems.push(`${at}.template: is required with render "gkt" for a ${kind} server (a tokenizer_config.json, a .jinja file, or a model folder)`);
      }
      if (kind === 'openai') problems.push(`${at}.render: OpenAI's API takes messages only, not a rendered prompt: use render "server"`);
      if (model.api === 'chat') problems.push(`${at}.render: gkt sends the text it renders to the completions API, not api "chat"`);
    } else {
      for (const field of ['template', 'templateName', 'prefill', 'bos', 'date']) {
        if (chat[field] !== undefined) problems.push(`${at}.${field}: only with render "gkt" (with render "server" the server's own template decides)`);
      }
      if (model.api !== undefined && model.api !== 'chat') problems.push(`${at}.render: the server's template is reached through api "chat", not "${typeof model.api === 'string' ? model.api : JSON.stringify(model.api)}"`);
      if (kind === 'ollama') problems.push(`${at}.render: ${CONTINUES.ollama}`);
      if (launch !== undefined && isObject(launch.simulate) && launch.simulate.chat === undefined) {
        problems.push(`${at}.render: a simulator renders its chat template only with launch.simulate.chat (e.g. {"prefill": "flag"})`);
      }
    }
    if (chat.template === 'server') {
      if (kind !== 'llamacpp' && kind !== 'simulated') {
        problems.push(`${at}.template: "server" reads llama.cpp's /props (or the simulator's); a ${kind} server reports no template: point it at the model's tokenizer_config.json`);
      } else if (launch !== undefined && !('simulate' in launch)) {
        problems.push(`${at}.template: "server" is read before the run, from a server already running; for a server gkt launches, point it at the template file`);
      }
    }
    const thinking = isObject(chat.thinking) ? chat.thinking : {};
    if (typeof thinking.open === 'string' && thinking.open === thinking.close) problems.push(`${at}.thinking: open and close markers must differ`);
    const teaches = pairs.some((pair) => isObject(pair) && pair.teacher === key);
    if (teaches && thinking.guidance === 'answer' && thinking.budget === undefined) {
      problems.push(`${at}.thinking.budget: is required when the guidance is taken from the answer (it bounds how long the teacher thinks before it answers)`);
    }
  }
  pairs.forEach((pair, i) => {
    if (!isObject(pair) || typeof pair.student !== 'string') return;
    const why = cannotContinue(models[pair.student]);
    if (why !== null) {
      problems.push(`$.pairs[${i}].student: "${pair.student}" cannot continue the teacher's guidance in its own assistant turn (${why}); it can be a teacher`);
    }
  });
  return problems;
}

/** Why a model cannot write on in an assistant turn that already holds text; null when it can (or is no chat model). */
export function cannotContinue(model: unknown): string | null {
  if (!isObject(model) || !isObject(model.chat) || model.chat.render !== 'server') return null;
  return CONTINUES[String(model.kind)] ?? null;
}

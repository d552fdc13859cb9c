// Checks of models' `chat` blocks the definition cannot express: render and template together, the server kind, students that must continue a turn.
import { reportsTemplate } from './chat.js';
import { member } from './schema-errors.js';
import type { Loose, ModelSpec, PairSpec } from './types.js';

type Model = Loose<ModelSpec>;

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

const ONLY_WITH_GKT_RENDER = ['template', 'templateName', 'prefill', 'bos', 'date'] as const;

/** See Loose: a field given with problems is a key without a value, so "is required" is not said of it. */
export function chatProblems(models: Record<string, Model | undefined>, pairs: Array<Loose<PairSpec> | undefined>): string[] {
  const problems: string[] = [];
  for (const [key, model] of Object.entries(models)) {
    const chat = model?.chat;
    if (model === undefined || chat === undefined) continue;
    const at = `$.models${member(key)}.chat`;
    const render = chat.render ?? 'gkt';
    const kind = model.kind;
    const launch = model.launch;
    if (render === 'gkt') {
      if (kind !== undefined && !('template' in chat) && !reportsTemplate({ kind, launch })) {
        problems.push(`${at}.template: is required with render "gkt" for a ${kind} server (a tokenizer_config.json, a .jinja file, or a model folder)`);
      }
      if (kind === 'openai') problems.push(`${at}.render: OpenAI's API takes messages only, not a rendered prompt: use render "server"`);
      if (model.api === 'chat') problems.push(`${at}.render: gkt sends the text it renders to the completions API, not api "chat"`);
    } else {
      for (const field of ONLY_WITH_GKT_RENDER) {
        if (chat[field] !== undefined) problems.push(`${at}.${field}: only with render "gkt" (with render "server" the server's own template decides)`);
      }
      if (model.api !== undefined && model.api !== 'chat') problems.push(`${at}.render: the server's template is reached through api "chat", not "${model.api}"`);
      if (kind === 'ollama') problems.push(`${at}.render: ${CONTINUES.ollama}`);
      if (launch !== undefined && 'simulate' in launch && launch.simulate !== undefined && !('chat' in launch.simulate)) {
        problems.push(`${at}.render: a simulator renders its chat template only with launch.simulate.chat (e.g. {"prefill": "flag"})`);
      }
    }
    if (chat.template === 'server' && kind !== undefined) {
      if (kind !== 'llamacpp' && kind !== 'simulated') {
        problems.push(`${at}.template: "server" reads llama.cpp's /props (or the simulator's); a ${kind} server reports no template: point it at the model's tokenizer_config.json`);
      } else if (launch !== undefined && !('simulate' in launch)) {
        problems.push(`${at}.template: "server" is read before the run, from a server already running; for a server gkt launches, point it at the template file`);
      }
    }
    const thinking = chat.thinking ?? {};
    if (thinking.open !== undefined && thinking.open === thinking.close) problems.push(`${at}.thinking: open and close markers must differ`);
    const teaches = pairs.some((pair) => pair?.teacher === key);
    if (teaches && thinking.guidance === 'answer' && !('budget' in thinking)) {
      problems.push(`${at}.thinking.budget: is required when the guidance is taken from the answer (it bounds how long the teacher thinks before it answers)`);
    }
  }
  pairs.forEach((pair, i) => {
    if (pair?.student === undefined) return;
    const why = cannotContinue(models[pair.student]);
    if (why !== null) {
      problems.push(`$.pairs[${i}].student: "${pair.student}" cannot continue the teacher's guidance in its own assistant turn (${why}); it can be a teacher`);
    }
  });
  return problems;
}

/** Why a model cannot write on in an assistant turn that already holds text; null when it can (or is no chat model). */
export function cannotContinue(model: Model | undefined): string | null {
  if (model?.chat?.render !== 'server' || model.kind === undefined) return null;
  return CONTINUES[model.kind] ?? null;
}

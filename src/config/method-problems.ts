// Checks of the methods a config asks for that the schema cannot express: what each needs of its servers, and what it reads.
import { SERVER_KINDS, type ServerKind } from '../models/types.js';
import { SERVER_KIND_INFO } from '../models/server-kinds.js';
import { cannotContinue } from './chat-problems.js';
import { DEFAULT_SAMPLING, DEFAULTS } from './defaults.js';
import { member } from './schema-errors.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Whether a model's server reports token log-probabilities gkt can read (and the boundaries they come with). */
function reportsLogprobs(model: unknown): boolean {
  if (!isObject(model) || typeof model.kind !== 'string' || !(SERVER_KINDS as readonly string[]).includes(model.kind)) return true;
  return SERVER_KIND_INFO[model.kind as ServerKind].tokenBoundaries !== 'none' && model.api !== 'ollama';
}

/** The temperature a model answers alone with: its own sampling, else the config's baseline sampling, else the default. */
function aloneTemperature(config: Json, model: unknown): number {
  const own = isObject(model) ? model.sampling : undefined;
  const baseline = isObject(config.sampling) ? config.sampling.baseline : undefined;
  const spec = own ?? baseline;
  if (spec === 'greedy') return 0;
  if (isObject(spec) && typeof spec.temperature === 'number') return spec.temperature;
  return DEFAULT_SAMPLING.baseline.temperature;
}

export function methodProblems(config: Json): string[] {
  const problems: string[] = [];
  const models = isObject(config.models) ? config.models : {};
  for (const [key, model] of Object.entries(models)) {
    if (!isObject(model) || !isObject(model.speculative)) continue;
    const at = `$.models${member(key)}.speculative`;
    const { teacher, draftServer } = model.speculative;
    if (typeof teacher === 'string' && !(teacher in models)) problems.push(`${at}.teacher: no model "${teacher}" in $.models`);
    if (teacher === key) problems.push(`${at}.teacher: names this model itself; name the teacher it serves with a draft`);
    if (typeof draftServer === 'string' && !(draftServer in models)) problems.push(`${at}.draftServer: no model "${draftServer}" in $.models`);
    if (typeof draftServer === 'string' && draftServer === key) problems.push(`${at}.draftServer: names this model itself; name a model that serves the draft alone`);
  }

  list(config.pairs).forEach((pair, i) => {
    if (!isObject(pair)) return;
    const at = `$.pairs[${i}]`;
    const student = models[String(pair.student)];
    const teacher = models[String(pair.teacher)];
    const studentKind = isObject(student) ? String(student.kind) : 'unknown';
    const handoffs = list(pair.handoffs).filter(isObject);
    const cascades = list(pair.cascades).filter(isObject);
    const routers = list(pair.routers).filter(isObject);
    const writesTurns = handoffs.some((h) => h.policy !== 'prefix');
    if (writesTurns) {
      const why = cannotContinue(teacher);
      if (why !== null) problems.push(`${at}.handoffs: the teacher "${String(pair.teacher)}" would have to continue the answer in its own assistant turn (${why})`);
    }
    handoffs.forEach((h, j) => {
      if (h.policy === 'confidence' && !reportsLogprobs(student)) {
        problems.push(`${at}.handoffs[${j}]: the confidence policy reads the student's token log-probabilities, which a ${studentKind} server does not report`);
      }
    });
    cascades.forEach((c, j) => {
      const where = `${at}.cascades[${j}]`;
      const samples = typeof c.samples === 'number' ? c.samples : 1;
      if ((c.escalate === 'disagree' || c.escalate === 'either') && samples < 2) problems.push(`${where}.samples: ${String(c.escalate)} compares samples: give 2 or more`);
      if ((c.escalate === 'confidence' || c.escalate === 'either') && c.threshold === undefined) problems.push(`${where}.threshold: is required to escalate on confidence`);
      if (c.escalate === 'disagree' && c.threshold !== undefined) problems.push(`${where}.threshold: only with escalate "confidence" or "either"`);
      if ((c.escalate === 'confidence' || c.escalate === 'either') && !reportsLogprobs(student)) {
        problems.push(`${where}: escalating on confidence reads the student's token log-probabilities, which a ${studentKind} server does not report`);
      }
      if (samples > 1 && aloneTemperature(config, student) === 0) {
        problems.push(`${where}.samples: under greedy decoding the student's ${samples} samples are all alike: give it a temperature above 0 (its sampling, or sampling.baseline)`);
      }
    });
    routers.forEach((r, j) => {
      const where = `${at}.routers[${j}]`;
      if (r.router !== 'threshold') return;
      if ((r.signal === 'logprob' || r.signal === 'length') && !reportsLogprobs(student)) {
        problems.push(`${where}.signal: ${String(r.signal)} is read from the student's token log-probabilities and boundaries, which a ${studentKind} server does not report`);
      }
      if (r.signal === 'agreement') {
        const rule = typeof r.rule === 'string' ? r.rule : DEFAULTS.agreementRule;
        const source = cascades.some((c) => c.samples === r.samples && (c.rule ?? DEFAULTS.agreementRule) === rule);
        if (!source) {
          problems.push(`${where}: the agreement signal counts the samples of a cascade of this pair: add one with samples ${String(r.samples)} and rule "${rule}" to ${at}.cascades`);
        }
      }
    });
  });
  return problems;
}

// Checks of the methods a config asks for that the definition cannot express: what each needs of its servers, and what it reads.
import { SERVER_KIND_INFO } from '../models/server-kinds.js';
import { cannotContinue } from './chat-problems.js';
import { DEFAULT_SAMPLING, DEFAULTS } from './defaults.js';
import { member } from './schema-errors.js';
import type { Loose, ModelSpec, SweepConfig } from './types.js';

type Config = Loose<SweepConfig>;
type Model = Loose<ModelSpec>;

/** Whether a model's server reports token log-probabilities gkt can read (and the boundaries they come with). */
function reportsLogprobs(model: Model | undefined): boolean {
  if (model?.kind === undefined) return true;
  return SERVER_KIND_INFO[model.kind].tokenBoundaries !== 'none' && model.api !== 'ollama';
}

/** The temperature a model answers alone with: its own sampling, else the config's baseline sampling, else the default. */
function aloneTemperature(config: Config, model: Model | undefined): number {
  const spec = model?.sampling ?? config.sampling?.baseline;
  if (spec === 'greedy') return 0;
  return spec?.temperature ?? DEFAULT_SAMPLING.baseline.temperature;
}

/** Problems as `$.path: message` lines; like the other checks, they see what was valid in the config (see Loose). */
export function methodProblems(config: Config): string[] {
  const problems: string[] = [];
  const models: Record<string, Model | undefined> = config.models ?? {};
  for (const [key, model] of Object.entries(models)) {
    if (model?.speculative === undefined) continue;
    const at = `$.models${member(key)}.speculative`;
    const { teacher, draftServer } = model.speculative;
    if (teacher !== undefined && !(teacher in models)) problems.push(`${at}.teacher: no model "${teacher}" in $.models`);
    if (teacher === key) problems.push(`${at}.teacher: names this model itself; name the teacher it serves with a draft`);
    if (draftServer !== undefined && !(draftServer in models)) problems.push(`${at}.draftServer: no model "${draftServer}" in $.models`);
    if (draftServer !== undefined && draftServer === key) problems.push(`${at}.draftServer: names this model itself; name a model that serves the draft alone`);
  }

  (config.pairs ?? []).forEach((pair, i) => {
    if (pair === undefined) return;
    const at = `$.pairs[${i}]`;
    const student = pair.student === undefined ? undefined : models[pair.student];
    const teacher = pair.teacher === undefined ? undefined : models[pair.teacher];
    const studentKind = student?.kind ?? 'unknown';
    const handoffs = (pair.handoffs ?? []).filter((h) => h !== undefined);
    const cascades = (pair.cascades ?? []).filter((c) => c !== undefined);
    const writesTurns = handoffs.some((h) => h.policy !== 'prefix');
    if (writesTurns) {
      const why = cannotContinue(teacher);
      if (why !== null) problems.push(`${at}.handoffs: the teacher "${String(pair.teacher)}" would have to continue the answer in its own assistant turn (${why})`);
    }
    pair.handoffs?.forEach((h, j) => {
      if (h?.policy === 'confidence' && !reportsLogprobs(student)) {
        problems.push(`${at}.handoffs[${j}]: the confidence policy reads the student's token log-probabilities, which a ${studentKind} server does not report`);
      }
    });
    pair.cascades?.forEach((c, j) => {
      if (c === undefined) return;
      const where = `${at}.cascades[${j}]`;
      const samples = c.samples ?? 1;
      const onConfidence = c.escalate === 'confidence' || c.escalate === 'either';
      if ((c.escalate === 'disagree' || c.escalate === 'either') && samples < 2) problems.push(`${where}.samples: ${c.escalate} compares samples: give 2 or more`);
      if (onConfidence && !('threshold' in c)) problems.push(`${where}.threshold: is required to escalate on confidence`);
      if (c.escalate === 'disagree' && c.threshold !== undefined) problems.push(`${where}.threshold: only with escalate "confidence" or "either"`);
      if (onConfidence && !reportsLogprobs(student)) {
        problems.push(`${where}: escalating on confidence reads the student's token log-probabilities, which a ${studentKind} server does not report`);
      }
      if (samples > 1 && aloneTemperature(config, student) === 0) {
        problems.push(`${where}.samples: under greedy decoding the student's ${samples} samples are all alike: give it a temperature above 0 (its sampling, or sampling.baseline)`);
      }
    });
    pair.routers?.forEach((r, j) => {
      if (r?.router !== 'threshold') return;
      const where = `${at}.routers[${j}]`;
      if ((r.signal === 'logprob' || r.signal === 'length') && !reportsLogprobs(student)) {
        problems.push(`${where}.signal: ${r.signal} is read from the student's token log-probabilities and boundaries, which a ${studentKind} server does not report`);
      }
      if (r.signal === 'agreement') {
        const rule = r.rule ?? DEFAULTS.agreementRule;
        const source = cascades.some((c) => c.samples === r.samples && (c.rule ?? DEFAULTS.agreementRule) === rule);
        if (!source) {
          problems.push(`${where}: the agreement signal counts the samples of a cascade of this pair: add one with samples ${String(r.samples)} and rule "${rule}" to ${at}.cascades`);
        }
      }
    });
  });
  return problems;
}

// The definition of a sweep config: the one source of its types, its validation and configs/gkt.schema.json.
import * as z from 'zod';
import { DATASET_NAMES, MODES, PROJECTIONS, PROMPT_FORMATS } from '../vocabulary.js';
import { pairMethods } from './method-schema.js';
import { modelSchema, priceSchema, samplingSchema } from './model-schema.js';
import { fraction, integer, name, positive, uniqueList } from './schema-kit.js';

const shots = () =>
  z
    .xor([integer(0), uniqueList(integer(0))])
    .describe(
      'Exemplars in the prompt (the first k of the prompt file): a number, or a list to sweep (paper Fig. 5). Default 8 for GSM8K, 7 for CSQA.',
    );
const guidanceLengths = () => uniqueList(integer(1, 4096));
const outputLengths = () => uniqueList(integer(1, 32768));
const projections = () =>
  uniqueList(z.enum(PROJECTIONS)).describe('How guidance is made (paper 4.2): cutoff, concise (teacher told to be brief) or hint.');
const datasetNames = () => uniqueList(z.enum(DATASET_NAMES));

const datasetSchema = z.strictObject({
  name: z.enum(DATASET_NAMES),
  path: z
    .string()
    .min(1)
    .optional()
    .describe("JSONL file (relative to this config). Default: gkt's datasets/ folder, filled by `gkt datasets fetch`."),
  limit: integer(1).optional().describe('Only the first n items.'),
  sample: integer(1).optional().describe('n items drawn at random with sampleSeed.'),
  sampleSeed: integer(0).optional(),
  shots: shots().optional(),
  guidance: guidanceLengths().optional().describe('Guidance lengths N for this dataset (overrides the top level).'),
  outputLengths: outputLengths().optional().describe('Student output lengths L for this dataset (overrides the top level).'),
  projections: projections().optional(),
});

const pairSchema = z.strictObject({
  teacher: z.string(),
  student: z.string(),
  guidance: guidanceLengths().optional().describe("Guidance lengths for this pair only (overrides the dataset's and the top level's)."),
  outputLengths: outputLengths().optional().describe('Student output lengths for this pair only.'),
  projections: projections().optional().describe('Projections for this pair only.'),
  datasets: datasetNames().optional().describe('Run this pair on these datasets only (default: all).'),
  ...pairMethods,
});

const singleSchema = z.xor([
  z.string(),
  z.strictObject({ model: z.string(), outputLengths: outputLengths().optional(), datasets: datasetNames().optional() }),
]);

const requestsSchema = z.strictObject({
  attempts: integer(1, 20).optional().describe('Tries per request, retries included. Default 4.'),
  backoffSeconds: z
    .number()
    .min(0)
    .max(20)
    .optional()
    .describe(
      "Wait before the first retry: a random time between half of this and all of it; each later wait doubles, up to 20 s. A server's Retry-After is honoured instead (up to 120 s). Default 0.5.",
    ),
  timeoutSeconds: positive().optional().describe('Per-request timeout. Default 600.'),
  maxErrorRate: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Stop a phase when more than this fraction of its requests failed (after 10). Default 0.5.'),
  maxErrors: integer(0).optional().describe('Stop a phase after this many failed requests.'),
  graceSeconds: z.number().min(0).optional().describe('On Ctrl-C, how long in-flight requests may finish. Default 30.'),
  serverWaitSeconds: z
    .number()
    .min(0)
    .optional()
    .describe(
      'How long a request that found its server down (connection refused, HTTP 503) waits, in all, for the server to list its models again before its item fails. 0: no wait. Default 60.',
    ),
  allowFailures: fraction()
    .optional()
    .describe("The fraction of the run's items that may end failed and `gkt run` still exit 0. Default 0: a run with any failed item exits 3."),
});

export const sweepSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: name().max(100).describe('Run name: results go to results/<name>/.'),
    description: z.string().optional().describe('What the sweep is for, in words (kept with its results).'),
    seed: integer(0, 4294967295).optional().describe('Run seed; request seeds derive from it, the item and the role. Default 0.'),
    repeats: integer(1, 100).optional().describe('Repeat every cell with seeds seed, seed+1, … Default 1.'),
    mode: z
      .enum(MODES)
      .optional()
      .describe('faithful: no stop sequence, models run to L (the reference code). practical: stop at the next "\\nQ:". Default faithful.'),
    prompt: z
      .strictObject({
        format: z
          .enum(PROMPT_FORMATS)
          .optional()
          .describe("reference: the GKT code's exemplars and framing (default). wei: Wei et al. / lm-eval framing."),
        variant: z.enum(['fox-corrected']).optional().describe('CSQA only: the fox exemplar answered C instead of the original B.'),
        dir: z
          .string()
          .min(1)
          .optional()
          .describe("Folder of your own prompt files, named <dataset>.<format>.txt (relative to this config). Default: gkt's prompts/ folder."),
      })
      .optional()
      .describe('The few-shot prompt the models get: its framing, variant and files.'),
    shots: shots().optional(),
    models: z
      .record(name(), modelSchema)
      .check((ctx) => {
        if (Object.keys(ctx.value).length === 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must name at least one model' });
      })
      .meta({ minProperties: 1 })
      .describe('Models by key.'),
    datasets: z.array(datasetSchema).min(1).describe('Datasets to run, each listed once; lengths and projections given here override the top level.'),
    pairs: z.array(pairSchema).optional().describe('Teacher→student pairs (model keys).'),
    singles: z
      .array(singleSchema)
      .optional()
      .describe(
        'More models to run alone as baselines (e.g. Llama2-70B in Table 2): a model key, or {model, outputLengths, datasets}.',
      ),
    guidance: guidanceLengths().optional().describe('Guidance lengths N in teacher tokens (paper: 10–40; 50 on CSQA). Default [40].'),
    projections: projections().optional(),
    outputLengths: outputLengths().optional().describe('Student output lengths L (paper: 100, 200, 300). Default [300].'),
    sampling: z
      .strictObject({ teacher: samplingSchema.optional(), student: samplingSchema.optional(), baseline: samplingSchema.optional() })
      .optional()
      .describe(
        'Per role. Defaults follow the reference code: temperature 0.8 with top_p 0.9 (teacher) and 0.95 (student and baselines).',
      ),
    teacherBatching: z
      .enum(['static', 'continuous'])
      .optional()
      .describe(
        'static: batches of B, each waiting for its slowest member (the paper). continuous: B requests kept in flight. Default static.',
      ),
    studentConcurrency: integer(1, 4096)
      .optional()
      .describe('Student requests in flight (paper: 1, each user with their own settings). Default 1.'),
    teacherPasses: z
      .enum(['shared', 'separate'])
      .optional()
      .describe(
        'shared: one teacher pass cut at token boundaries serves every guidance length (default). separate: one pass per length, for exact paper timing.',
      ),
    baselines: z
      .strictObject({
        studentAlone: z.boolean().optional().describe('Each student alone at each L (for Δ). Default true.'),
        teacherAlone: z
          .boolean()
          .optional()
          .describe("Each teacher alone, one request at a time, at each L (the paper's Speed Up baseline). Default true."),
        teacherAloneBatched: z.boolean().optional().describe('Each teacher alone in batches of B at each L. Default true.'),
      })
      .optional()
      .describe('The single-model cells each pair adds, for the paper\'s Δ and Speed Up.'),
    requests: requestsSchema.optional().describe('Retries, timeouts, and when a phase stops because too many requests failed.'),
    cache: z
      .xor([z.boolean(), z.strictObject({ dir: z.string() })])
      .optional()
      .describe('Response cache: true (default, results/.cache), false, or {dir}.'),
    prices: z.record(z.string(), priceSchema).optional().describe('Prices by model key, for cost reports.'),
  })
  .describe('A GKT sweep: teacher→student pairs × guidance lengths × projections × datasets, plus single-model baselines.');

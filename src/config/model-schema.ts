// The definition of one model in a sweep config: its server, decoding, chat formatting, launch and prices.
import * as z from 'zod';
import { API_KINDS, BOS_POLICIES, FEW_SHOT_LAYOUTS, PREFILLS, SERVER_KINDS } from '../vocabulary.js';
import { simulatedSpeculativeSchema, speculativeSchema } from './method-schema.js';
import { anyObject, envName, fraction, httpUrl, integer, positive, uniqueList } from './schema-kit.js';

export const samplingSchema = z
  .xor([
    z.literal('greedy'),
    z.strictObject({
      temperature: z.number().min(0).max(2).describe('0 is greedy.'),
      topP: z.number().positive().max(1),
    }),
  ])
  .describe('Decoding for a role: "greedy" (temperature 0), or temperature with nucleus sampling.');

export const priceSchema = z
  .strictObject({
    inputPer1k: z.number().min(0).optional(),
    outputPer1k: z.number().min(0).optional(),
    gpuHour: z.number().min(0).optional(),
  })
  .describe('Prices for cost reports.');

/** Names a chat template receives from gkt itself, so a config cannot set them. */
const RESERVED_TEMPLATE_VARIABLES = ['messages', 'add_generation_prompt', 'bos_token', 'eos_token'];

const templateVariable = z
  .string()
  .refine((key) => !RESERVED_TEMPLATE_VARIABLES.includes(key), { error: (issue) => `${JSON.stringify(issue.input)} is set by gkt` })
  .meta({ not: { enum: RESERVED_TEMPLATE_VARIABLES } });

const thinkingSchema = z
  .strictObject({
    open: z.string().min(1).optional().describe('Default <think>.'),
    close: z.string().min(1).optional().describe('Default </think>.'),
    guidance: z
      .enum(['thinking', 'answer'])
      .optional()
      .describe('As a teacher, where its guidance is taken from: the start of its thinking (default) or the start of its answer, after it has thought.'),
    budget: integer(1)
      .optional()
      .describe('Most thinking tokens per request; past it gkt closes the segment and the model answers. Default: none.'),
  })
  .describe("A reasoning model's thinking segment.");

export const chatSchema = z
  .strictObject({
    render: z
      .enum(['gkt', 'server'])
      .optional()
      .describe(
        "gkt (default): gkt renders the chat template itself and sends the text to the completions API, keeping the prompt bytes in its hands; server: the server's own template through /v1/chat/completions, a student's assistant message continued (vLLM, SGLang: continue_final_message; llama.cpp: a final assistant message).",
      ),
    template: z
      .string()
      .min(1)
      .optional()
      .describe(
        'With render gkt: a tokenizer_config.json, a .jinja file, or a model folder holding them (relative to this config); or "server" for the template the server reports (llama.cpp\'s /props, the simulator\'s).',
      ),
    templateName: z.string().min(1).optional().describe("Which of a tokenizer_config.json's named templates (default: default)."),
    system: z.string().optional().describe('A system prompt put first in every conversation (default: none).'),
    fewShot: z
      .enum(FEW_SHOT_LAYOUTS)
      .optional()
      .describe(
        "one-message (default): exemplars and question in one user message; multi-turn: each exemplar a user turn and an assistant turn (lm-eval's fewshot_as_multiturn).",
      ),
    prefill: z
      .enum(PREFILLS)
      .optional()
      .describe(
        "With render gkt, how an assistant turn holding text is reopened: continue (Hugging Face's continue_final_message, as vLLM and SGLang do; default without thinking) or append (the generation prompt, then the text, as llama.cpp does; default with thinking).",
      ),
    bos: z
      .enum(BOS_POLICIES)
      .optional()
      .describe(
        "The template's own BOS text at the prompt's start. auto (default): kept with add_special_tokens false on vLLM, removed elsewhere (the server adds its BOS itself); keep; strip.",
      ),
    variables: z
      .record(templateVariable, z.unknown())
      .optional()
      .describe('Extra template variables (chat_template_kwargs), e.g. {"enable_thinking": true}.'),
    date: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date, YYYY-MM-DD')
      .optional()
      .describe("The day a template's strftime_now reports, YYYY-MM-DD (default 2024-07-26), so a prompt does not change from day to day."),
    thinking: thinkingSchema.optional(),
  })
  .describe(
    "How this model's prompts are formatted for a chat (instruct or reasoning) model. Absent: raw text, as the paper's base models got it.",
  );

const simulatedChatSchema = z
  .strictObject({
    prefill: z
      .enum(['flag', 'always', 'never'])
      .optional()
      .describe(
        'What its chat route does with a final assistant message: continue it when continue_final_message is sent (flag, as vLLM; default), always (as llama.cpp), never (as OpenAI).',
      ),
    thinking: z
      .enum(['none', 'inline', 'opened'])
      .optional()
      .describe('none (default): an instruct model; inline: it writes <think>…</think> first; opened: its generation prompt opens <think>.'),
    formats: z
      .strictObject({
        boxed: fraction().optional().describe('Default 0.'),
        bold: fraction().optional().describe('Default 0.'),
        hash: fraction().optional().describe('Default 0.'),
      })
      .optional()
      .describe('How often a chat answer ends in \\boxed{}, in bold, or with ####, rather than The answer is.'),
  })
  .describe('How the simulated model speaks chat (its template is reported at /props).');

export const simulateSchema = z
  .strictObject({
    accuracy: fraction().optional().describe('Chance an unguided answer is right.'),
    helpHorizon: integer(1).optional().describe('Guidance tokens after which a student fully follows it.'),
    slots: integer(1).optional().describe('Requests decoded at once.'),
    prefillMsPerToken: z.number().min(0).optional(),
    decodeMsPerToken: z.number().min(0).optional(),
    overheadMs: z.number().min(0).optional(),
    contextLength: integer(16).optional(),
    chat: simulatedChatSchema.optional(),
    difficulty: fraction()
      .optional()
      .describe(
        "How much items differ in difficulty (0, the default: every item alike). Above 0 each item has a hardness shared by every simulated model, so models fail on the same items and a student's doubt says something.",
      ),
    vocabulary: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Names the simulated tokenizer\'s ids: models with different names tokenize alike but into different ids (a draft and a student of another vocabulary). Default "gkt".',
      ),
    speculative: simulatedSpeculativeSchema.optional(),
  })
  .describe('Start gkt\'s simulated server for this model (no GPU). Its results are labelled simulated.');

export const launchSchema = z
  .xor([
    z.strictObject({
      command: z.string().min(1).describe('Executable, e.g. vllm or llama-server.'),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
      cwd: z.string().optional(),
      readyTimeoutSeconds: positive().optional().describe('How long to wait for /v1/models (default 900).'),
    }),
    z.strictObject({ simulate: simulateSchema }),
  ])
  .describe('Start this model\'s server before the run and stop it after: a command, or the simulator.');

export const modelSchema = z.strictObject({
  kind: z.enum(SERVER_KINDS).describe('Server software; gkt applies its known quirks.'),
  url: httpUrl().optional().describe('Base URL, e.g. http://127.0.0.1:8000/v1 (Ollama: http://127.0.0.1:11434).'),
  urls: uniqueList(httpUrl()).optional().describe('Several replicas of the same model; requests go to the least busy.'),
  model: z.string().min(1).describe('Served model id, as /v1/models lists it.'),
  label: z.string().min(1).optional().describe('Name shown in tables (default: the key).'),
  api: z.enum(API_KINDS).optional().describe('Default: chat for openai, ollama for ollama, completions otherwise.'),
  batch: integer(1, 4096)
    .optional()
    .describe('Teacher batch size B (paper Table 8: 32 Bloom-7B, 24 Llama2-13B, 10 Llama2-70B). Default 8.'),
  contextLength: integer(16).optional().describe('Context window in tokens; prompts that would not fit are refused, truncation is caught.'),
  apiKeyEnv: envName()
    .optional()
    .describe('Environment variable holding the API key (the key itself never goes in config or results).'),
  timeoutSeconds: positive().optional().describe('Per-request timeout (default: requests.timeoutSeconds).'),
  sampling: samplingSchema.optional(),
  stream: z.boolean().optional().describe('Stream responses (times the first token). Default true.'),
  maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  extraBody: anyObject().optional().describe("Extra request fields, sent after gkt's own."),
  chat: chatSchema.optional(),
  launch: launchSchema.optional(),
  prices: priceSchema.optional(),
  speculative: speculativeSchema.optional(),
});

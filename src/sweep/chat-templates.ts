// The chat templates a sweep renders, read before anything runs, and tried on a conversation so a template that refuses it stops the run first.
import { buildConversation } from '../chat/conversation.js';
import { loadChatTemplate } from '../chat/load-template.js';
import { continuationPrompt, replyPrompt } from '../chat/open-turn.js';
import { readServerTemplate } from '../chat/server-template.js';
import type { ChatTemplate } from '../chat/template.js';
import type { ResolvedModel } from '../config/resolved.js';
import { authorization } from '../models/endpoint-auth.js';
import { PROJECTION_INSTRUCTIONS, type PromptTemplate } from '../prompts/index.js';
import { simulatorTemplate } from '../simulate/chat-template.js';
import { GktError, UsageError } from '../util/errors.js';

async function templateOf(model: ResolvedModel, source: string, signal: AbortSignal): Promise<ChatTemplate> {
  if (source !== 'server') return loadChatTemplate(source, model.chat?.templateName ?? undefined);
  if (model.launch !== null && 'simulate' in model.launch) {
    return simulatorTemplate(model.launch.simulate.chat?.thinking === 'opened', `${model.key} (the simulator's /props)`);
  }
  const url = model.endpoint.urls[0];
  if (url === undefined) throw new UsageError(`${model.key}: chat.template "server" needs the server's url`);
  return readServerTemplate(url, { authorization: authorization(model.endpoint, url), timeoutMs: Math.min(model.endpoint.timeoutMs, 30_000), signal });
}

/** By model key: the template of every model that gkt formats with one. */
export async function loadChatTemplates(models: readonly ResolvedModel[], signal: AbortSignal): Promise<Map<string, ChatTemplate>> {
  const templates = new Map<string, ChatTemplate>();
  for (const model of models) {
    const source = model.chat?.render === 'gkt' ? model.chat.template : null;
    if (source === null || source === undefined) continue;
    try {
      templates.set(model.key, await templateOf(model, source, signal));
    } catch (error) {
      if (!(error instanceof GktError)) throw error;
      throw new (error instanceof UsageError ? UsageError : GktError)(`models.${model.key}.chat.template: ${error.message}`, {
        cause: error,
        ...(error.hint !== undefined ? { hint: error.hint } : {}),
      });
    }
  }
  return templates;
}

/**
 * Renders each chat model's conversation for the first exemplars given, as a reply and as a continued turn:
 * a template that refuses the layout (a system prompt it has no role for, turns that must alternate) or
 * that cannot be continued says so now, not after a teacher pass.
 */
export function tryChatTemplates(models: readonly ResolvedModel[], templates: ReadonlyMap<string, ChatTemplate>, prompts: readonly PromptTemplate[]): void {
  const prompt = prompts[0];
  if (prompt === undefined) return;
  for (const model of models) {
    const template = templates.get(model.key);
    if (model.chat === null || template === undefined) continue;
    const messages = buildConversation(prompt, 'How many are there?', PROJECTION_INSTRUCTIONS.hint, { layout: model.chat.fewShot, system: model.chat.system });
    const options = { variables: model.chat.variables, date: model.chat.date };
    try {
      replyPrompt(template, messages, options);
      continuationPrompt(template, messages, 'There are 3.', model.chat.prefill, options);
    } catch (error) {
      throw new UsageError(`models.${model.key}.chat: ${(error as Error).message}`, {
        cause: error,
        ...(error instanceof GktError && error.hint !== undefined ? { hint: error.hint } : {}),
      });
    }
  }
}

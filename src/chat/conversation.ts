// The conversation a chat model is given: an optional system prompt, the exemplars in one user message or as turns, the question.
import type { FewShotLayout } from '../vocabulary.js';
import type { PromptTemplate } from '../prompts/index.js';
import { pythonStrip } from '../util/python-strip.js';
import type { ChatMessage } from './render.js';

export interface ConversationSpec {
  layout: FewShotLayout;
  system: string | null;
}

export interface Exemplar {
  /** `Q: …\nA:`, as a base model sees the question part. */
  question: string;
  /** The worked answer after `A: `, without the blank line that ends the block. */
  answer: string;
}

/** Blocks `Q: …\nA: …\n\n` (the prompt files' shape, checked when they are read) split at their first `\nA:`. */
export function exemplarPairs(exemplars: string): Exemplar[] {
  const blocks = exemplars.split(/(?<=\n\r?\n)(?=Q:)/).filter((block) => block !== '');
  return blocks.map((block) => {
    const at = block.indexOf('\nA:');
    return { question: block.slice(0, at + 3), answer: pythonStrip(block.slice(at + 3)) };
  });
}

/**
 * The user's turn(s) and the system prompt, for one question. The projection's instruction opens the first
 * user message, as it opens a base model's prompt. The question is framed as the exemplars are, `Q: …\nA:`,
 * so a model that follows them writes its chain of thought and `The answer is …`.
 */
export function buildConversation(template: PromptTemplate, question: string, instruction: string, spec: ConversationSpec): ChatMessage[] {
  const messages: ChatMessage[] = spec.system === null ? [] : [{ role: 'system', content: spec.system }];
  const asked = `Q: ${question}\nA:`;
  if (spec.layout === 'one-message') {
    messages.push({ role: 'user', content: `${instruction}${template.exemplars}${asked}` });
    return messages;
  }
  let opening = instruction;
  for (const exemplar of exemplarPairs(template.exemplars)) {
    messages.push({ role: 'user', content: `${opening}${exemplar.question}` }, { role: 'assistant', content: exemplar.answer });
    opening = '';
  }
  messages.push({ role: 'user', content: `${opening}${asked}` });
  return messages;
}

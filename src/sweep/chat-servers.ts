// Before the first request: a llama.cpp student behind its own chat template must continue a final assistant message.
import { continuesFinalMessage } from '../chat/server-template.js';
import type { ResolvedModel } from '../config/resolved.js';
import { authorization } from '../models/endpoint-auth.js';
import type { Plan } from '../plan/types.js';
import { GktError } from '../util/errors.js';

/**
 * vLLM and SGLang continue one when asked (`continue_final_message`); llama.cpp has done so unasked since
 * mid-2025 unless started with `--no-prefill-assistant`, and an older build closes the turn and opens a new
 * one, which would hand the student the guidance as a finished answer. Asked of each such server once.
 */
export async function checkServerContinuation(plan: Plan, models: readonly ResolvedModel[], signal: AbortSignal): Promise<void> {
  const students = new Set(plan.cells.filter((c) => c.teacher !== null).map((c) => c.student.model.name));
  for (const model of models) {
    if (!students.has(model.key) || model.chat?.render !== 'server' || model.endpoint.kind !== 'llamacpp') continue;
    for (const url of model.endpoint.urls) {
      const continues = await continuesFinalMessage(url, { authorization: authorization(model.endpoint, url), timeoutMs: Math.min(model.endpoint.timeoutMs, 30_000), signal });
      if (!continues) {
        throw new GktError(`${model.key}: the llama.cpp server at ${url} closes a final assistant message and opens a new turn, so the student cannot continue the teacher's guidance`, {
          hint: 'set the model\'s chat.render to "gkt" (gkt renders the template and sends the text), or use a llama.cpp build from mid-2025 or later without --no-prefill-assistant',
        });
      }
    }
  }
}

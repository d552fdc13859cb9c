// A batch larger than the requests a server decodes at once: the rest wait in its queue, and the phase's time measures the queue (pure).
import type { Stated } from '../models/server-facts.js';
import type { Plan } from '../plan/types.js';
import type { Batching } from '../vocabulary.js';

const size = (b: Batching): number => (b.kind === 'serial' ? 1 : b.size);

/** One warning per model whose passes or cells send more requests at once than its servers' slots. */
export function slotWarnings(plan: Plan, slots: ReadonlyMap<string, Stated | null>, selected: (id: string) => boolean): string[] {
  const most = new Map<string, { batch: number; what: string }>();
  const note = (model: string, batching: Batching, what: string) => {
    const batch = size(batching);
    if (batch > (most.get(model)?.batch ?? 1)) most.set(model, { batch, what });
  };
  for (const pass of plan.passes) if (selected(pass.id)) note(pass.model.name, pass.batching, 'teacher batch');
  for (const cell of plan.cells) if (selected(cell.id)) note(cell.student.model.name, cell.student.batching, cell.teacher === null ? 'batch of a model alone' : 'student concurrency');
  const warnings: string[] = [];
  for (const [model, { batch, what }] of most) {
    const stated = slots.get(model);
    if (stated === null || stated === undefined || batch <= stated.value) continue;
    warnings.push(
      `warning: ${model}: ${what} ${batch}, but its server decodes ${stated.value} requests at once (${stated.source}): ` +
        `the other ${batch - stated.value} wait in its queue, and the phase's time includes that wait; set the model's batch to ${stated.value} or give the server more slots (llama.cpp -np)`,
    );
  }
  return warnings;
}

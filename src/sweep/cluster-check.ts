// What a sweep must be to run as scheduler tasks, checked before anything is queued: shards with items, servers each node reaches.
import type { PreparedSweep } from './prepare.js';
import { UsageError } from '../util/errors.js';

const LOOPBACK = /^https?:\/\/(localhost|127(?:\.\d+){3}|\[::1\])(?::\d+)?(?:\/|$)/i;

/** Refuses more shards than a dataset has items; returns warnings about servers a compute node cannot reach. */
export function checkClusterSweep(prepared: PreparedSweep, shards: number): string[] {
  for (const [name, dataset] of Object.entries(prepared.datasets)) {
    if (dataset.items.length < shards) {
      throw new UsageError(`--shards ${shards}: ${name} has ${dataset.items.length} selected items, fewer than the shards; some tasks would have nothing to run`);
    }
  }
  const warnings: string[] = [];
  for (const model of Object.values(prepared.sweep.models)) {
    if (model.launch !== null) continue;
    const local = model.endpoint.urls.filter((url) => LOOPBACK.test(url));
    if (local.length > 0) {
      warnings.push(
        `${model.key}: ${local.join(', ')} is the compute node itself there, and no "launch" starts a server on it: give the model a launch, or the URL of a server every node reaches (a router)`,
      );
    }
  }
  return warnings;
}

/** Models whose servers gkt starts from a command on fixed ports: two tasks on one node would collide. */
export function launchedOnPorts(prepared: PreparedSweep): string[] {
  return Object.values(prepared.sweep.models)
    .filter((model) => model.launch !== null && 'command' in model.launch)
    .map((model) => model.key);
}

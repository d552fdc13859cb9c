// A run's session: what it holds open while it runs (progress, servers, readers, its manifest), and closing all of it.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ItemReader } from '../datasets/scan.js';
import { closeConnections } from '../models/connection-owners.js';
import { endpointSecrets } from '../models/endpoint-auth.js';
import { createProgress } from '../progress/create.js';
import type { ProgressReporter } from '../progress/types.js';
import type { Manifest, SessionEntry } from '../results/manifest.js';
import type { RunFolder } from '../results/run-folder.js';
import type { StartedServers } from '../servers/start.js';
import type { CommandContext } from '../util/command-context.js';
import type { DatasetName, ModelKey, ResponseModel } from '../vocabulary.js';
import { newSession } from './manifest.js';
import type { PreparedSweep } from './prepare.js';

/** What a session holds while it runs: given back, written down or closed at its end, however it ends. */
export interface Session {
  entry: SessionEntry;
  progress: ProgressReporter;
  /** API keys and URL passwords in use: kept out of records and of the manifest, whatever a server or library says. */
  secrets: string[];
  /** Null until this session has written the folder's manifest. */
  manifest: Manifest | null;
  servers: StartedServers | null;
  /** The model ids each server named in its responses, for the manifest. */
  responded: Map<ModelKey, Set<ResponseModel>>;
  itemReaders: Map<DatasetName, ItemReader>;
  /** The phases' requests go out under their own signal, whose connections are closed with the run. */
  requestSignal: AbortSignal | null;
}

export function openSession(prepared: PreparedSweep, options: { quiet: boolean; argv: string[] }, context: CommandContext): Session {
  const id = `s-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return {
    entry: newSession(id, options.argv, new Date(), prepared.scheduler),
    progress: createProgress({ stream: context.stderr, env: context.env, quiet: options.quiet, now: () => performance.now() }),
    secrets: Object.values(prepared.sweep.models).flatMap((m) => endpointSecrets(m.endpoint)),
    manifest: null,
    servers: null,
    responded: new Map(),
    itemReaders: new Map(),
    requestSignal: null,
  };
}

/** Readers, connections and servers closed; the manifest told when the session ended and which model ids answered. */
export async function closeSession(session: Session, folder: RunFolder): Promise<void> {
  session.progress.close();
  for (const reader of session.itemReaders.values()) await reader.close();
  if (session.requestSignal !== null) await closeConnections(session.requestSignal);
  await session.servers?.stop();
  // The space held since the start: the session's end is written even on a disk that filled.
  await folder.releaseSpace();
  const { manifest } = session;
  if (!manifest) return;
  session.entry.ended = new Date().toISOString();
  for (const [key, ids] of session.responded) {
    const entry = manifest.models[key];
    if (entry) entry.responded = [...ids].sort();
  }
  manifest.ended = session.entry.ended;
  await folder.writeManifest(manifest);
}

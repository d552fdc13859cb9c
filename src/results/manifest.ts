// manifest.json (format 2): what ran, with which code, data, prompts, models and seeds, and each session's start and end.
import type { ChatFormat } from '../chat/spec.js';
import type { SchedulerTask } from '../cluster/shard-env.js';
import type { SweepConfig } from '../config/types.js';
import type { FORMAT } from './format.js';

export interface SessionEntry {
  id: string;
  started: string;
  ended: string | null;
  /** `killed`: the session ended without saying so (kill -9, a second Ctrl-C, a crash of the machine). */
  status: 'running' | 'completed' | 'interrupted' | 'stopped' | 'failed' | 'killed';
  argv: string[];
  host: string;
  node: string;
  /** The Slurm job or Kubernetes pod the session ran as: a resubmitted task is a new job. */
  scheduler?: SchedulerTask;
  requests?: number;
  failures?: number;
  message?: string;
}

export interface ManifestModel {
  label: string;
  kind: string;
  api: string;
  urls: string[];
  model: string;
  simulated: boolean;
  contextLength: number | null;
  /** Where the context the run checked against came from: the config, or the route the server stated it on. */
  contextSource?: string | null;
  /** Requests the model's servers decode at once, where they say, with where. */
  slots?: { value: number; source: string } | null;
  apiKeyEnv: string | null;
  launched: boolean;
  served: string[];
  /** Model ids the server put in its responses, seen across sessions. */
  responded: string[];
  /** A chat model's formatting, with the template gkt renders (its origin and sha256); absent for raw text. */
  chat?: ManifestChat;
}

export interface ManifestChat extends Omit<ChatFormat, 'template'> {
  template: { origin: string; sha256: string; bosToken: string | null; eosToken: string | null } | null;
}

export interface Manifest {
  format: typeof FORMAT;
  gkt: { version: string; commit: string | null; dirty: boolean | null };
  run: string;
  configPath: string | null;
  config: SweepConfig;
  resolved: unknown;
  datasets: Record<string, { path: string; sha256: string; items: number; of: number; selection: unknown }>;
  prompts: Record<string, { dataset: string; format: string; shots: number; variant: string | null; file: string; source: string }>;
  models: Record<string, ManifestModel>;
  seed: number;
  repeats: number;
  mode: string;
  shard: { index: number; count: number } | null;
  /** The scheduler task of the latest session (each session keeps its own); null outside a scheduler. */
  scheduler: SchedulerTask | null;
  sessions: SessionEntry[];
  started: string;
  ended: string | null;
}

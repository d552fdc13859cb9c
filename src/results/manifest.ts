// manifest.json (format 2): what ran, with which code, data, prompts, models and seeds, and each session's start and end.
import type { ChatFormat, ResponseModel, ServedModel } from '../vocabulary.js';
import type { SweepConfig } from '../config/types.js';
import type { FORMAT } from './format.js';

/** The scheduler task a run belongs to, as the manifest records it. */
export interface SchedulerTask {
  scheduler: 'slurm' | 'kubernetes';
  /** Slurm: SLURM_JOB_ID (each array task has its own); Kubernetes: the Job's name, when the pod is told it. */
  job: string | null;
  /** Slurm: SLURM_ARRAY_JOB_ID, shared by the tasks of one submission; Kubernetes: null. */
  array: string | null;
  /** Slurm: SLURM_ARRAY_TASK_ID; Kubernetes: JOB_COMPLETION_INDEX; null outside an array. */
  task: string | null;
  /** Kubernetes: the pod's name; Slurm: null. */
  pod: string | null;
}

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
  /** The id the server serves (the config's `model`). */
  model: ServedModel;
  simulated: boolean;
  contextLength: number | null;
  /** Where the context the run checked against came from: the config, or the route the server stated it on. */
  contextSource?: string | null;
  /** Requests the model's servers decode at once, where they say, with where. */
  slots?: { value: number; source: string } | null;
  apiKeyEnv: string | null;
  launched: boolean;
  served: ServedModel[];
  /** Model ids the server put in its responses, seen across sessions. */
  responded: ResponseModel[];
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

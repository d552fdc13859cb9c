// The parts of a run's manifest a report reads (the results store has checked the whole of it).
import { parseManifestText } from '../results/documents.js';
import type { Manifest } from '../results/manifest.js';

export interface ManifestModelView {
  /** The display label the run resolved (the config's `label`, else its default). */
  label: string | null;
  kind: string | null;
  model: string | null;
  served: string[];
  simulated: boolean;
}

/** One exemplar text the run used; `gkt run` keys `manifest.prompts` by the text's sha256. */
export interface ManifestPromptView {
  sha256: string;
  dataset: string | null;
  format: string | null;
  shots: number | null;
  /** Relative to the run folder. */
  file: string | null;
}

export interface ManifestView {
  run: string;
  gkt: { version: string | null; commit: string | null };
  config: unknown;
  models: Map<string, ManifestModelView>;
  prompts: ManifestPromptView[];
  shard: { index: number; count: number } | null;
}

export function manifestView(manifest: Manifest): ManifestView {
  return {
    run: manifest.run,
    gkt: { version: manifest.gkt.version, commit: manifest.gkt.commit },
    config: manifest.config,
    models: new Map(
      Object.entries(manifest.models).map(([name, m]) => [
        name,
        { label: m.label, kind: m.kind, model: m.model, served: m.served, simulated: m.simulated || m.kind === 'simulated' },
      ]),
    ),
    prompts: Object.entries(manifest.prompts).map(([sha256, p]) => ({ sha256, dataset: p.dataset, format: p.format, shots: p.shots, file: p.file })),
    shard: manifest.shard,
  };
}

/** A manifest's text as a report reads it; `path` names it in messages. */
export function parseManifest(text: string, path: string): ManifestView {
  return manifestView(parseManifestText(text, path));
}

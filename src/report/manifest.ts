// The parts of a run's manifest a report reads (the results store has checked the whole of it).
import { parseManifestText } from '../results/documents.js';
import type { FormatVersion } from '../results/format.js';
import type { Manifest } from '../results/manifest.js';

export interface ManifestModelView {
  /** The display label the run resolved (the config's `label`, else its default). */
  label: string | null;
  kind: string | null;
  servedModel: string | null;
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
  /** The run format the folder was written in. */
  format: FormatVersion;
  gkt: { version: string | null; commit: string | null };
  config: unknown;
  models: Map<string, ManifestModelView>;
  prompts: ManifestPromptView[];
  shard: { index: number; count: number } | null;
  /** Per dataset, the file's sha256 and the selection of items (limit or sample, then shard), as recorded. */
  datasets: Map<string, { sha256: string | null; selection: unknown }>;
}

export function manifestView(manifest: Manifest, format: FormatVersion): ManifestView {
  return {
    run: manifest.run,
    format,
    gkt: { version: manifest.gkt.version, commit: manifest.gkt.commit },
    config: manifest.config,
    models: new Map(
      Object.entries(manifest.models).map(([name, m]) => [
        name,
        { label: m.label, kind: m.kind, servedModel: m.model, served: m.served, simulated: m.simulated || m.kind === 'simulated' },
      ]),
    ),
    prompts: Object.entries(manifest.prompts).map(([sha256, p]) => ({ sha256, dataset: p.dataset, format: p.format, shots: p.shots, file: p.file })),
    shard: manifest.shard,
    datasets: new Map(Object.entries(manifest.datasets).map(([name, d]) => [name, { sha256: d.sha256, selection: d.selection }])),
  };
}

/** A manifest's text as a report reads it; `path` names it in messages. */
export function parseManifest(text: string, path: string): ManifestView {
  const { manifest, format } = parseManifestText(text, path);
  return manifestView(manifest, format);
}

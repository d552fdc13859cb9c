// Whether a run folder holds this config's sweep: another config's cells under the same run name would mix two sweeps silently (pure).
import type { SweepConfig } from '../config/types.js';
import { withoutUrlCredentials } from '../models/credentials.js';
import type { Manifest } from '../results/manifest.js';
import { UsageError } from '../util/errors.js';
import { canonicalJson } from '../util/hash.js';

/** What a run is started from: the config file (null for one-cell flags) and the config. */
export interface SweepOrigin {
  configPath: string | null;
  config: SweepConfig;
}

/**
 * Null when the folder is new or holds this config's sweep, else why not. Between config files, a sweep
 * is known by its name: the same file edited (a sweep grows so) or moved with its folder to another
 * machine is the same sweep; another name brought in by --run-name is not. One-cell flags have no name of
 * their own (--run-name gives it): there the config they make must be the same.
 */
export function otherSweep(previous: Pick<Manifest, 'configPath' | 'config'> | null, current: SweepOrigin): string | null {
  if (previous === null) return null;
  if (previous.configPath !== null && current.configPath !== null) {
    if (previous.config.name === current.config.name) return null;
    return `holds the sweep "${previous.config.name}" (${previous.configPath}), not "${current.config.name}" (${current.configPath})`;
  }
  // The manifest keeps the config with URL passwords taken out; so is this one before comparing.
  if (canonicalJson(previous.config) === canonicalJson(withoutUrlCredentials(current.config))) return null;
  const was = previous.configPath ?? 'command-line flags';
  const now = current.configPath ?? 'command-line flags';
  return was === now ? `holds another sweep made from ${was}` : `holds the sweep of ${was}, not of ${now}`;
}

/** Refuses a run into a folder holding another config's sweep, unless `join` (--join-run) asks for it. */
export function refuseOtherSweep(dir: string, previous: Pick<Manifest, 'configPath' | 'config'> | null, current: SweepOrigin, join: boolean): void {
  const why = otherSweep(previous, current);
  if (why === null || join) return;
  throw new UsageError(`${dir}: ${why}; its cells and this run's would be mixed in one folder and one report`, {
    hint: 'give this run its own --run-name, or add --join-run to put its cells in that folder on purpose',
  });
}

// Where `gkt report` finds a bundle of the viewer's pages to link to: `view/` beside report.html, marked as a bundle.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_MARKER } from './bundle-marker.js';

/** The folder name, under the report's, that report.html links into when a bundle is there. */
const BUNDLE_BESIDE_REPORT = 'view';

/** `view/index.html` when `<reportDir>/view` holds a bundle, else null. */
export async function bundleHref(reportDir: string): Promise<string | null> {
  const marker = await stat(join(reportDir, BUNDLE_BESIDE_REPORT, BUNDLE_MARKER)).catch(() => null);
  return marker?.isFile() === true ? `${BUNDLE_BESIDE_REPORT}/index.html` : null;
}

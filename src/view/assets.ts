// The pages' script and style, built by `npm run build` into dist/view-web, and the one HTML page that loads them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../util/package-info.js';
import { GktError } from '../util/errors.js';

const ASSET_DIR = join(packageRoot, 'dist', 'view-web');
type AssetName = 'app.js' | 'app.css';
export type Assets = Record<AssetName, Buffer>;

export async function readAssets(dir: string = ASSET_DIR): Promise<Assets> {
  const read = async (name: AssetName): Promise<Buffer> => {
    try {
      return await readFile(join(dir, name));
    } catch (error) {
      throw new GktError(`${join(dir, name)}: the viewer's pages are not built`, { cause: error, hint: 'run `npm run build` in the gkt folder' });
    }
  };
  return { 'app.js': await read('app.js'), 'app.css': await read('app.css') };
}

/** Nothing runs but our own script; nothing loads from elsewhere; no form posts, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A page opened from disk has no headers: the policy goes in a meta element (which cannot say frame-ancestors). */
const BUNDLE_POLICY = CONTENT_SECURITY_POLICY.split('; ').filter((part) => !part.startsWith('frame-ancestors') && !part.startsWith('connect-src')).join('; ');

/** The same page for the server and for a bundle; a bundle loads its data as scripts, since pages from disk cannot fetch. */
export function pageHtml(options: { bundle: boolean }): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    ...(options.bundle ? [`<meta http-equiv="Content-Security-Policy" content="${BUNDLE_POLICY}">`] : []),
    '<title>gkt view</title>',
    '<link rel="stylesheet" href="assets/app.css">',
    '</head>',
    '<body>',
    '<div id="app"><p class="loading">Loading…</p><noscript>gkt view needs JavaScript.</noscript></div>',
    ...(options.bundle ? ['<script src="data/run.js"></script>'] : []),
    '<script src="assets/app.js"></script>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

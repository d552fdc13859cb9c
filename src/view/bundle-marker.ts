// The file that marks a folder as a bundle of the viewer's pages.

/** `gkt report` links to a bundle it finds by it, and a second bundle may replace a folder holding it. */
export const BUNDLE_MARKER = 'gkt-view.json';

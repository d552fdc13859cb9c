// How `--open` reaches a browser on each system, and when it says there is none.
import { describe, expect, it } from 'vitest';
import { browserOpener } from '../../src/view/open-browser.js';

const URL = 'http://127.0.0.1:4000/';

describe('browserOpener', () => {
  it.each([
    ['linux', { DISPLAY: ':0' }, { command: 'xdg-open', args: [URL] }],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, { command: 'xdg-open', args: [URL] }],
    ['darwin', {}, { command: 'open', args: [URL] }],
    ['win32', {}, { command: 'cmd', args: ['/c', 'start', '""', URL] }],
    ['linux', { BROWSER: 'firefox', DISPLAY: '' }, { command: 'firefox', args: [URL] }],
  ] as const)('%s with %j', (platform, env, expected) => {
    expect(browserOpener(URL, platform, env)).toEqual(expected);
  });

  it('names why not on a server without a display', () => {
    expect(browserOpener(URL, 'linux', { DISPLAY: '', BROWSER: '  ' })).toMatch(/no display here/);
  });

  it("keeps Windows' start from splitting a URL at &", () => {
    expect(browserOpener('http://h/?a=1&b=2', 'win32', {})).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'http://h/?a=1^&b=2'] });
  });
});

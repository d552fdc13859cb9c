// A fake OpenAI-compatible server and a workspace for `gkt run` against it, both closed after each test.
import { afterEach } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi, type FakeOptions } from './fake-openai.js';
import { workspace, type Workspace } from '../reliability/helpers.js';

export interface FakeWorkspace {
  /** The server of the current test; set by `start`. */
  readonly fake: FakeOpenAi;
  /** The workspace of the current test; set by `start`. */
  readonly space: Workspace;
  start(server: FakeOptions, config: (url: string) => Record<string, unknown>): Promise<Workspace>;
  /** Closes and removes both now (a test that starts another pair). */
  stop(): Promise<void>;
}

/** Registers the cleanup in the calling test file; call once at its top level. */
export function fakeWorkspace(): FakeWorkspace {
  let fake: FakeOpenAi | null = null;
  let space: Workspace | null = null;
  const stop = async () => {
    await fake?.close();
    await space?.cleanup();
    fake = null;
    space = null;
  };
  afterEach(stop);
  return {
    get fake() {
      if (fake === null) throw new Error('fakeWorkspace: start() first');
      return fake;
    },
    get space() {
      if (space === null) throw new Error('fakeWorkspace: start() first');
      return space;
    },
    async start(server, config) {
      fake = await startFakeOpenAi(server);
      space = await workspace(config(fake.url));
      return space;
    },
    stop,
  };
}

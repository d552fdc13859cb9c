// Runs racing for one results folder: exactly one takes the lock, whether it was free or left by a dead run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/results/lock.js';
import { isLeftover, removeLeftovers } from '../../src/results/leftovers.js';
import { ROOT } from './helpers.js';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

async function race(path: string, runners: number): Promise<{ won: number; refused: string[] }> {
  const results = await Promise.allSettled(Array.from({ length: runners }, () => acquireLock(path)));
  return {
    won: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : [])),
  };
}

describe('acquireLock under contention', () => {
  it('lets exactly one of many runs take a free lock', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-lock-race-'));
    const { won, refused } = await race(join(dir, '.lock'), 12);
    expect(won).toBe(1);
    expect(refused).toHaveLength(11);
    for (const message of refused) expect(message).toMatch(/another gkt run \(pid \d+ on .*\) is using this results folder/);
    // Nothing but the lock itself is left beside it.
    expect(await readdir(dir)).toEqual(['.lock']);
  });

  it('lets exactly one of many runs take over a stale lock', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-lock-race-'));
    const path = join(dir, '.lock');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(path, `${JSON.stringify({ pid: dead, host: hostname(), started: new Date().toISOString(), token: '00' })}\n`);
    const { won, refused } = await race(path, 12);
    expect(won).toBe(1);
    expect(refused).toHaveLength(11);
    expect(await readdir(dir)).toEqual(['.lock']);
  });

  it('lets exactly one of several processes, started together, take over a stale lock', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-lock-race-'));
    const path = join(dir, '.lock');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(path, `${JSON.stringify({ pid: dead, host: hostname(), started: new Date().toISOString(), token: '00' })}\n`);
    // Each process waits for the same moment, then tries; a winner holds the lock until every process has told.
    const at = Date.now() + 1500;
    const script = `
      const { acquireLock } = await import(${JSON.stringify(join(ROOT, 'dist', 'results', 'lock.js'))});
      while (Date.now() < ${at}) await new Promise((r) => setTimeout(r, 1));
      let told;
      try { await acquireLock(${JSON.stringify(path)}); told = 'won'; }
      catch (error) { told = /another gkt run/.test(error.message) ? 'refused' : error.message; }
      console.log(told);
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));`;
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const outcomes = await Promise.all(
      children.map((child) => new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim())))),
    );
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('close', resolve))));
    expect(outcomes.sort()).toEqual(['refused', 'refused', 'refused', 'refused', 'refused', 'won']);
  }, 20_000);

  it('releases only its own lock', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-lock-race-'));
    const path = join(dir, '.lock');
    const first = await acquireLock(path);
    // Someone deleted the lock by hand and another run took it: the first one's release leaves that alone.
    await rm(path);
    const second = await acquireLock(path);
    await first.release();
    expect(await readdir(dir)).toEqual(['.lock']);
    await second.release();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('leftovers of a killed run', () => {
  it.each([
    ['.manifest.json.0123456789ab.tmp', true],
    ['.summary.txt.a1b2c3d4e5f6.tmp', true],
    ['.c-04d544afb1a2.jsonl.ffffffffffff.tmp', true],
    ['.lock.0011223344556677.candidate', true],
    ['.lock.takeover', true],
    ['manifest.json', false],
    ['.lock', false],
    ['notes.tmp', false],
    ['.manifest.json.xyz.tmp', false],
  ])('%s is a leftover: %s', (name, expected) => {
    expect(isLeftover(name)).toBe(expected);
  });

  it('keeps young temp files in a shared folder and removes old ones', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-leftovers-'));
    await writeFile(join(dir, '.entry.json.0123456789ab.tmp'), '{');
    await writeFile(join(dir, 'entry.json'), '{}');
    expect(await removeLeftovers([dir], { olderThanMs: 60_000 })).toEqual([]);
    expect(await removeLeftovers([dir], { olderThanMs: 60_000, now: Date.now() + 120_000 })).toEqual([join(dir, '.entry.json.0123456789ab.tmp')]);
    expect(await readdir(dir)).toEqual(['entry.json']);
  });
});

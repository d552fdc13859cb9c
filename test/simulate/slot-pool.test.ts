// Decoding slots: at most N at once, first come first served, and nothing held after a release.
import { describe, expect, it } from 'vitest';
import { createSlotPool } from '../../src/simulate/slot-pool.js';
import type { SlotTicket } from '../../src/simulate/slot-pool.js';

describe('createSlotPool', () => {
  it('starts up to `slots` at once and the rest in arrival order', () => {
    const pool = createSlotPool(2);
    const started: number[] = [];
    const tickets: SlotTicket[] = [];
    for (let i = 0; i < 5; i++) tickets.push(pool.acquire(() => started.push(i)));
    expect(started).toEqual([0, 1]);
    expect([pool.busy(), pool.waiting()]).toEqual([2, 3]);
    tickets[1]!.release();
    expect(started).toEqual([0, 1, 2]);
    tickets[0]!.release();
    tickets[0]!.release();
    expect(started).toEqual([0, 1, 2, 3]);
    expect([pool.busy(), pool.waiting()]).toEqual([2, 1]);
  });

  it('drops a waiting request that leaves, without starting it', () => {
    const pool = createSlotPool(1);
    const started: string[] = [];
    const first = pool.acquire(() => started.push('first'));
    const second = pool.acquire(() => started.push('second'));
    pool.acquire(() => started.push('third'));
    second.release();
    first.release();
    expect(started).toEqual(['first', 'third']);
    expect([pool.busy(), pool.waiting()]).toEqual([1, 0]);
  });

  it('lets a request that finishes at once release from inside its start', () => {
    const pool = createSlotPool(1);
    let count = 0;
    for (let i = 0; i < 1000; i++) pool.acquire((ticket) => (count++, ticket.release()));
    expect(count).toBe(1000);
    expect([pool.busy(), pool.waiting()]).toEqual([0, 0]);
  });

  it('starts queued requests in order when an instant one releases in its start', () => {
    const pool = createSlotPool(1);
    const order: string[] = [];
    const slow = pool.acquire(() => order.push('slow'));
    pool.acquire((ticket) => (order.push('instant'), ticket.release()));
    pool.acquire(() => order.push('last'));
    slow.release();
    expect(order).toEqual(['slow', 'instant', 'last']);
    expect(pool.busy()).toBe(1);
  });
});

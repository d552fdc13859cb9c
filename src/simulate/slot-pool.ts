// Decoding slots: at most `slots` requests run at once; the rest wait in arrival order.

export interface SlotTicket {
  /** Frees the slot, or leaves the queue if the request never started. Safe to call twice. */
  release(): void;
}

export interface SlotPool {
  /**
   * `start` runs when a slot is free: at once, or when an earlier request releases its slot. It gets
   * the same ticket `acquire` returns, so a request that finishes at once can release from inside it.
   */
  acquire(start: (ticket: SlotTicket) => void): SlotTicket;
  busy(): number;
  waiting(): number;
}

interface Entry {
  start: (ticket: SlotTicket) => void;
  ticket: SlotTicket;
  state: 'waiting' | 'running' | 'done';
}

export function createSlotPool(slots: number): SlotPool {
  const queue: Entry[] = [];
  let running = 0;
  let pumping = false;

  // A start may release its slot at once (zero latency); the loop, not recursion, then picks the next.
  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    try {
      while (running < slots && queue.length > 0) {
        const entry = queue.shift()!;
        entry.state = 'running';
        running++;
        entry.start(entry.ticket);
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(start) {
      const entry: Entry = {
        start,
        state: 'waiting',
        ticket: {
          release() {
            if (entry.state === 'running') {
              running--;
              entry.state = 'done';
              pump();
            } else if (entry.state === 'waiting') {
              queue.splice(queue.indexOf(entry), 1);
              entry.state = 'done';
            }
          },
        },
      };
      queue.push(entry);
      pump();
      return entry.ticket;
    },
    busy: () => running,
    waiting: () => queue.length,
  };
}

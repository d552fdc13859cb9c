// When a process started (wall clock, ms), where the system tells it (Linux /proc); null elsewhere.
import { readFileSync } from 'node:fs';

/** Linux reports process start times in clock ticks of 1/100 s on every common architecture. */
const TICKS_PER_SECOND = 100;

export function processStartedAt(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!boot || !Number.isFinite(ticks)) return null;
    return (Number(boot[1]) + ticks / TICKS_PER_SECOND) * 1000;
  } catch {
    return null;
  }
}

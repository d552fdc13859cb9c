// Rolling rates for the progress display: requests and tokens per second over the last stretch of time.

export class RateWindow {
  private readonly events: Array<{ at: number; tokens: number }> = [];

  constructor(private readonly windowMs = 10_000) {}

  add(at: number, tokens: number): void {
    this.events.push({ at, tokens });
    this.trim(at);
  }

  /** Requests/s and tokens/s over the window ending at `now`. */
  rates(now: number): { requests: number; tokens: number } {
    this.trim(now);
    if (this.events.length === 0) return { requests: 0, tokens: 0 };
    const span = Math.max(1000, now - (this.events[0]?.at ?? now));
    const tokens = this.events.reduce((sum, e) => sum + e.tokens, 0);
    return { requests: (this.events.length * 1000) / span, tokens: (tokens * 1000) / span };
  }

  private trim(now: number): void {
    while (this.events.length > 0 && now - (this.events[0]?.at ?? now) > this.windowMs) this.events.shift();
  }
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

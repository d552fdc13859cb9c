// When a phase has failed too often to be worth continuing: a rate after a minimum count, or a count.
import type { RequestPolicy } from '../config/resolved.js';

/** Below this many requests a rate says little; the rate limit waits for it. */
export const MIN_REQUESTS_FOR_RATE = 10;

export class ErrorBudget {
  private requests = 0;
  private errors = 0;
  private lastError: string | null = null;

  constructor(private readonly policy: Pick<RequestPolicy, 'maxErrorRate' | 'maxErrors'>) {}

  count(failed: boolean, message?: string): void {
    this.requests++;
    if (failed) {
      this.errors++;
      this.lastError = message ?? this.lastError;
    }
  }

  get failures(): number {
    return this.errors;
  }

  /** Why the phase should stop, or null. */
  exceeded(): string | null {
    const { maxErrors, maxErrorRate } = this.policy;
    const last = this.lastError ? `; last error: ${this.lastError}` : '';
    if (maxErrors !== null && this.errors > maxErrors) {
      return `${this.errors} requests failed (more than --max-errors ${maxErrors})${last}`;
    }
    if (this.requests >= MIN_REQUESTS_FOR_RATE && this.errors / this.requests > maxErrorRate) {
      const pct = Math.round((100 * this.errors) / this.requests);
      return `${this.errors} of ${this.requests} requests failed (${pct}% > ${Math.round(maxErrorRate * 100)}%)${last}`;
    }
    return null;
  }
}

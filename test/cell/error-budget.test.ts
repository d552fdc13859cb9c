import { describe, expect, it } from 'vitest';
import { ErrorBudget, MIN_REQUESTS_FOR_RATE } from '../../src/cell/error-budget.js';

describe('ErrorBudget', () => {
  it('waits for enough requests before judging a rate', () => {
    const budget = new ErrorBudget({ maxErrorRate: 0.5, maxErrors: null });
    for (let i = 0; i < MIN_REQUESTS_FOR_RATE - 1; i++) budget.count(true, '503');
    expect(budget.exceeded()).toBeNull();
    budget.count(true, 'POST http://h/v1/completions: 503 Service Unavailable after 4 attempts');
    expect(budget.exceeded()).toBe(
      '10 of 10 requests failed (100% > 50%); last error: POST http://h/v1/completions: 503 Service Unavailable after 4 attempts',
    );
  });

  it('tolerates a rate at the limit', () => {
    const budget = new ErrorBudget({ maxErrorRate: 0.5, maxErrors: null });
    for (let i = 0; i < 10; i++) budget.count(i % 2 === 0);
    expect(budget.exceeded()).toBeNull();
    budget.count(true);
    expect(budget.exceeded()).toMatch(/^6 of 11 requests failed/);
  });

  it('stops after more than --max-errors failures, however few requests', () => {
    const budget = new ErrorBudget({ maxErrorRate: 1, maxErrors: 2 });
    budget.count(true);
    budget.count(true);
    expect(budget.exceeded()).toBeNull();
    budget.count(true, 'timeout');
    expect(budget.exceeded()).toBe('3 requests failed (more than --max-errors 2); last error: timeout');
  });
});

// Apps Script kills an execution after 6 minutes, wherever it is. Long actions keep to a budget
// well inside that and stop between two complete writes, so the kill never lands mid-write; the
// next run continues from what was written.
let started_ms = 0;

/** Apps Script's limit for one execution. */
export const EXECUTION_LIMIT_MS = 6 * 60_000;
/** What a long action may use before it stops starting new writes: the rest is margin for its
 * last write, the Exceptions and Audit writes, and a slow Sheets day. */
export const ACTION_BUDGET_MS = 4 * 60_000;

/** Called when an action starts (with the per-action caches). */
export function startBudget(): void {
  started_ms = Date.now();
}

export function elapsedMs(): number {
  return Date.now() - started_ms;
}

/**
 * Whether another step expected to take `next_step_ms` still fits the budget. The first step of
 * an action always runs (otherwise nothing would ever move).
 */
export function fitsBudget(next_step_ms: number, steps_done: number): boolean {
  return steps_done === 0 || elapsedMs() + next_step_ms <= ACTION_BUDGET_MS;
}

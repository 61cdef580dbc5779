// Runs a sweep's simulations a few at a time. Cancelling stops launching new ones and lets the
// running ones stop at their next layer boundary; what finished stays. Any other failure stops
// the rest and is rethrown once everything has settled.

import { isCancellation } from './runner';

export type SweepTask = (signal: AbortSignal) => Promise<void>;

/** Resolves with cancelled = true when `signal` aborted before every task finished. */
export async function runTasks(tasks: readonly SweepTask[], concurrency: number, signal?: AbortSignal): Promise<{ cancelled: boolean }> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  if (signal?.aborted) return { cancelled: true };
  signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let finished = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (next < tasks.length && !inner.signal.aborted) {
      const task = tasks[next++];
      try {
        await task(inner.signal);
        finished++;
      } catch (error) {
        if (inner.signal.aborted && isCancellation(error)) return;
        if (failure === null) failure = error;
        inner.abort();
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== null) throw failure;
  return { cancelled: finished < tasks.length };
}

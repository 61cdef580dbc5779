// Test hook: lets the editor and pool tests kill a worker on demand, the ways real workers
// die, to check that its job fails clearly and the pool recovers. Honoured only when the
// pool was created with test hooks enabled.

import { CONTROL_NONE, CRASH_MODES, type CrashMode } from './protocol';

class CrashRequest extends Error {
  constructor() {
    super('uncaught exception requested by the test hook');
    this.name = 'CrashRequest';
  }
}

export function isCrashRequest(error: unknown): boolean {
  return error instanceof CrashRequest;
}

/** Dies now. 'throw' must not be caught by the task's error handling (see isCrashRequest). */
export function crashWorker(mode: CrashMode): void {
  if (mode === 'exit') process.exit(70);
  if (mode === 'oom') {
    // Old-space objects, not typed arrays: only the JS heap limit turns into an OOM exit.
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(100_000).fill(hoard.length + 0.5));
  }
  if (mode === 'terminate') throw new Error("crash mode 'terminate' is done by the host (worker.terminate())");
  throw new CrashRequest();
}

/** Crashes when the host set the control flag; called at layer boundaries of a busy worker. */
export function crashRequestFromControl(control: Int32Array): void {
  const value = Atomics.load(control, 0);
  if (value !== CONTROL_NONE) crashWorker(CRASH_MODES[value - 1] ?? 'throw');
}

export function controlValue(mode: CrashMode): number {
  return CRASH_MODES.indexOf(mode) + 1;
}

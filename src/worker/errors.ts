// How a pooled job can fail besides bad input: cancelled (aborted, superseded, pool disposed)
// or its worker died. Both keep the names callers test for.

import { CancelledError } from '../core/cancel';

export type CancelReason = 'aborted' | 'superseded' | 'disposed';

/** name === 'CancelledError', like the core's, so one check covers in-process and pooled runs. */
export class SimulationCancelledError extends CancelledError {
  constructor(
    readonly reason: CancelReason,
    readonly key?: string,
  ) {
    super();
    this.message =
      reason === 'superseded'
        ? `simulation superseded by a newer job${key === undefined ? '' : ` for ${key}`}`
        : reason === 'disposed'
          ? 'simulation cancelled: the simulation pool was disposed'
          : 'simulation cancelled';
  }
}

export class WorkerCrashError extends Error {
  constructor(detail: string) {
    super(`simulation worker crashed: ${detail}`);
    this.name = 'WorkerCrashError';
  }
}

/** An error reported by a worker, rebuilt on the host with its original name (InputError, …). */
export function workerError(info: { name: string; message: string }): Error {
  const error = new Error(info.message);
  error.name = info.name;
  return error;
}

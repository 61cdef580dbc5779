// SimulationPool: runs simulations on worker threads for the extension and the CLI.
// A job's draws are split into contiguous ranges, one per worker; each draw uses its own
// stream createRng(rng, seed, d), and the host aggregates with simulate's own code, so a
// pooled result equals the in-process one bit for bit. Jobs queue FIFO, can be cancelled
// at any time (effective at the next layer boundary), supersede each other by key, and
// survive crashed workers.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { requireFinite, requireInteger } from '../core/errors';
import { planSimulation } from '../core/simulate';
import type { SimulationResult } from '../core/types';
import { SimulationCancelledError, WorkerCrashError, workerError } from './errors';
import { PooledJob, splitDraws, type SimulationJob } from './job';
import type { CrashMode, DrawsTask, TaskResponse } from './protocol';
import { WorkerSlot, type SlotListener, type Task } from './workerSlot';

export type { SimulationJob, SimulationProgress } from './job';

export const MAX_POOL_SIZE = 64;

/** Set to 1 to let crashWorker() kill workers, e.g. in the editor's test suite. */
export const TEST_HOOKS_ENV = 'INIT_LENS_WORKER_TEST_HOOKS';

export interface SimulationPoolOptions {
  /** Worker threads (default min(2, available cores)). */
  size?: number;
  /** The worker bundle (default dist/worker.js next to the calling bundle). */
  workerPath?: string;
  /** Honour crashWorker() (default: the INIT_LENS_WORKER_TEST_HOOKS=1 environment variable). */
  testHooks?: boolean;
  /**
   * After a cancel, how long to wait for a worker to reach its next layer boundary before
   * terminating it: one layer of a huge network can take minutes (default 2000 ms).
   */
  cancelGraceMs?: number;
  /** Per-worker heap limits; a worker that exceeds them crashes and is replaced. */
  resourceLimits?: ResourceLimits;
}

export function defaultPoolSize(): number {
  return Math.min(2, availableParallelism());
}

export class SimulationPool {
  readonly size: number;
  private readonly workerPath: string;
  private readonly testHooks: boolean;
  private readonly cancelGraceMs: number;
  private readonly resourceLimits: ResourceLimits | undefined;
  private slots: WorkerSlot[] = [];
  private queue: Task[] = [];
  private readonly jobs = new Set<PooledJob>();
  private nextTaskId = 1;
  private disposed = false;
  private readonly listener: SlotListener = {
    onMessage: (slot, message) => this.onMessage(slot, message),
    onExit: (slot, detail, intended) => this.onExit(slot, detail, intended),
  };

  constructor(options: SimulationPoolOptions = {}) {
    this.size = requireInteger('worker count', options.size ?? defaultPoolSize(), 1, MAX_POOL_SIZE);
    this.workerPath = options.workerPath ?? join(__dirname, 'worker.js');
    this.testHooks = options.testHooks ?? process.env[TEST_HOOKS_ENV] === '1';
    this.cancelGraceMs = requireFinite('cancel grace period (ms)', options.cancelGraceMs ?? 2000, 0);
    this.resourceLimits = options.resourceLimits;
  }

  /** Live worker threads (created lazily by the first job, replaced after a crash). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Jobs queued or running. */
  get pendingJobs(): number {
    return this.jobs.size;
  }

  /**
   * Runs a simulation off the host thread. Rejects with the InputError of bad input before
   * any worker starts, with name 'CancelledError' when aborted or superseded by a job with
   * the same key, and with "simulation worker crashed: …" when its worker died.
   */
  run(spec: SimulationJob): Promise<SimulationResult> {
    if (this.disposed) return Promise.reject(new Error('the simulation pool was disposed'));
    let job: PooledJob;
    try {
      job = new PooledJob(spec, planSimulation(spec.network, spec.options), (j, error) => this.stop(j, error, true));
    } catch (error) {
      return Promise.reject(error);
    }
    if (spec.signal?.aborted) return Promise.reject(new SimulationCancelledError('aborted', spec.key));
    if (spec.key !== undefined) this.stopKey(spec.key, 'superseded');
    this.jobs.add(job);
    const signal = spec.signal;
    if (signal) {
      const onAbort = () => this.stop(job, new SimulationCancelledError('aborted', spec.key));
      signal.addEventListener('abort', onAbort, { once: true });
      job.onSettled(() => signal.removeEventListener('abort', onAbort));
    }
    job.onSettled(() => this.jobs.delete(job));
    this.enqueue(job);
    this.dispatch();
    return job.promise;
  }

  /** Cancels the queued or running job with this key (e.g. its document closed), if any. */
  cancel(key: string): boolean {
    return this.stopKey(key, 'aborted');
  }

  /**
   * Test hook (needs testHooks): kills a worker — a busy one if any, else an idle one —
   * by an uncaught exception, process.exit, heap exhaustion or terminate() from outside.
   * Returns false when there is no live worker.
   */
  crashWorker(mode: CrashMode = 'throw'): boolean {
    if (!this.testHooks) throw new Error(`crashWorker is a test hook: create the pool with testHooks or ${TEST_HOOKS_ENV}=1`);
    const slot = this.slots.find((s) => s.busy) ?? this.slots[0];
    if (!slot) return false;
    slot.crash(mode);
    return true;
  }

  /** Cancels every job (they reject as disposed) and terminates every worker thread. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const job of [...this.jobs]) this.stop(job, new SimulationCancelledError('disposed', job.key), true);
    this.queue = [];
    await Promise.all(this.slots.map((slot) => slot.retire()));
    this.slots = [];
  }

  private stopKey(key: string, reason: 'aborted' | 'superseded'): boolean {
    let found = false;
    for (const job of this.jobs) {
      if (job.key === key) found = this.stop(job, new SimulationCancelledError(reason, key)) || found;
    }
    return found;
  }

  private enqueue(job: PooledJob): void {
    const { network, options } = job.spec;
    const { cancelFlag } = job;
    if (job.plan.engine === 'mean-field') {
      this.queue.push({ job, request: { type: 'simulate', taskId: this.nextTaskId++, network, options, cancelFlag } });
      job.queued++;
      return;
    }
    const engine = job.plan.engine;
    for (const [i, range] of splitDraws(options.seeds, this.size).entries()) {
      // The first range also computes mean-field (up to ~0.1 s at depth 50), off the host thread.
      const request: DrawsTask = {
        type: 'draws',
        taskId: this.nextTaskId++,
        network,
        options,
        engine,
        firstDraw: range.firstDraw,
        drawCount: range.drawCount,
        meanField: i === 0,
        layerProgress: job.spec.onProgress !== undefined,
        cancelFlag,
      };
      this.queue.push({ job, request });
      job.queued++;
    }
  }

  /** Starts queued tasks, oldest first, on idle workers; creates workers up to the pool size. */
  private dispatch(): void {
    if (this.disposed) return;
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.idle);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift() as Task;
      task.job.queued--;
      task.job.running++;
      slot.assign(task);
    }
  }

  private spawn(): WorkerSlot {
    const slot = new WorkerSlot({ workerPath: this.workerPath, testHooks: this.testHooks, resourceLimits: this.resourceLimits }, this.listener);
    this.slots.push(slot);
    return slot;
  }

  /**
   * Stops a job: raises its shared flag and drops its queued tasks. Cancellation settles once
   * its workers have stopped (so settling means the CPU is free); failures settle at once.
   */
  private stop(job: PooledJob, error: Error, settleNow = false): boolean {
    if (!job.stop(error)) return false;
    const before = this.queue.length;
    this.queue = this.queue.filter((task) => task.job !== job);
    job.queued -= before - this.queue.length;
    if (job.running > 0 && !settleNow) {
      const grace = setTimeout(() => this.retireWorkersOf(job), this.cancelGraceMs);
      job.onSettled(() => clearTimeout(grace));
    }
    job.settleIfDone(settleNow);
    return true;
  }

  /** A worker that did not reach a layer boundary within the grace period is replaced. */
  private retireWorkersOf(job: PooledJob): void {
    for (const slot of this.slots) if (slot.task?.job === job) void slot.retire();
  }

  private onMessage(slot: WorkerSlot, message: TaskResponse): void {
    const task = slot.task;
    if (!task || message.taskId !== task.request.taskId) return;
    const job = task.job;
    switch (message.type) {
      case 'layers':
        for (const step of message.steps) if (job.active) job.reportLayer(message.draw, step);
        return;
      case 'draw':
        if (job.active) job.addDraw(message.draw, message.result);
        return;
      case 'meanField':
        job.meanField = message.meanField;
        return;
      case 'result':
        job.result = message.result;
        return;
      case 'failed':
        // A CancelledError is the worker acknowledging a stop; anything else fails the job.
        if (message.error.name !== 'CancelledError' || job.active) this.stop(job, workerError(message.error), true);
        this.finishTask(slot);
        return;
      case 'done':
        this.finishTask(slot);
        return;
    }
  }

  private finishTask(slot: WorkerSlot): void {
    const task = slot.release();
    if (task) {
      task.job.running--;
      task.job.settleIfDone();
    }
    this.dispatch();
  }

  private onExit(slot: WorkerSlot, detail: string, intended: boolean): void {
    this.slots = this.slots.filter((s) => s !== slot);
    const task = slot.release();
    if (task) {
      task.job.running--;
      if (!intended) this.stop(task.job, new WorkerCrashError(detail), true);
      task.job.settleIfDone();
    }
    if (this.disposed) return;
    // Restore the pool size now, unless the thread died while starting: a broken worker
    // bundle would otherwise respawn forever. Then the next job's dispatch tries again.
    if (slot.ready && this.slots.length < this.size) this.spawn();
    this.dispatch();
  }
}

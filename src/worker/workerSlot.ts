// One worker thread of the pool and the task it is running. It turns the thread's events
// into two callbacks (a message, or the end of the thread with the reason it ended) and
// keeps the process alive only while it computes.

import { Worker, type ResourceLimits } from 'node:worker_threads';
import { controlValue } from './crash';
import type { CrashMode, DrawsTask, SimulateTask, TaskResponse, WorkerData, WorkerResponse } from './protocol';
import type { PooledJob } from './job';

export interface Task {
  job: PooledJob;
  request: DrawsTask | SimulateTask;
}

export interface SlotListener {
  onMessage(slot: WorkerSlot, message: TaskResponse): void;
  /** `intended` is true when the pool ended the thread itself (dispose, stuck cancel). */
  onExit(slot: WorkerSlot, detail: string, intended: boolean): void;
}

export interface SlotOptions {
  workerPath: string;
  testHooks: boolean;
  resourceLimits?: ResourceLimits;
}

export class WorkerSlot {
  task: Task | null = null;
  /** True once the worker script has loaded: a slot that dies before that is not respawned eagerly. */
  ready = false;
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private intended = false;
  private uncaught: Error | null = null;

  constructor(options: SlotOptions, listener: SlotListener) {
    const workerData: WorkerData = { control: this.control, testHooks: options.testHooks };
    this.worker = new Worker(options.workerPath, { workerData, resourceLimits: options.resourceLimits });
    this.worker.unref();
    this.worker.on('message', (message: WorkerResponse) => {
      if (message.type === 'ready') this.ready = true;
      else listener.onMessage(this, message);
    });
    this.worker.on('error', (error: Error) => {
      this.uncaught = error;
    });
    this.worker.on('exit', (code: number) => listener.onExit(this, this.describeExit(code), this.intended));
  }

  get busy(): boolean {
    return this.task !== null;
  }

  /** Free for a task: not computing and not being retired. */
  get idle(): boolean {
    return this.task === null && !this.intended;
  }

  assign(task: Task): void {
    this.task = task;
    // Only a computing worker should keep a CLI process alive; an idle pool must not.
    this.worker.ref();
    this.worker.postMessage(task.request);
  }

  release(): Task | null {
    const task = this.task;
    this.task = null;
    this.worker.unref();
    return task;
  }

  /** Ends the thread on purpose; the exit is reported with intended = true. */
  async retire(): Promise<void> {
    this.intended = true;
    await this.worker.terminate();
  }

  /** Test hook: dies now if idle, at its next layer boundary if busy. */
  crash(mode: CrashMode): void {
    if (mode === 'terminate') {
      void this.worker.terminate();
      return;
    }
    Atomics.store(this.control, 0, controlValue(mode));
    this.worker.postMessage({ type: 'crash', mode });
  }

  private describeExit(code: number): string {
    const error = this.uncaught;
    if (error) {
      const errorCode = (error as Error & { code?: unknown }).code;
      const label = typeof errorCode === 'string' ? ` (${errorCode})` : '';
      return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}${label}`;
    }
    return `the worker thread exited with code ${code}`;
  }
}

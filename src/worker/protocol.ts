// Messages between a host (extension or CLI, through SimulationPool) and a simulation
// worker. Defined once; both sides import it.
//
// Nothing big crosses: a draw's result is per-layer scalars plus small histograms, so plain
// structured clone is fine (the weight matrices never leave the worker). Cancellation does
// not travel as a message at all: a busy worker only reads its queue between tasks, so the
// host flips an Int32Array over a SharedArrayBuffer that the worker polls at layer boundaries.

import type { DrawResult, LayerProgress } from '../core/dense';
import type { MonteCarloEngine } from '../core/simulate';
import type { MeanFieldResult, NetworkSpec, SimulationOptions, SimulationResult } from '../core/types';

/** Values of a job's cancel flag (index 0 of its Int32Array). */
export const JOB_RUNNING = 0;
export const JOB_CANCELLED = 1;

/**
 * How a test makes a worker die the ways real ones do: an uncaught exception, process.exit
 * inside the thread, running out of heap, or worker.terminate() from outside (host side).
 */
export type CrashMode = 'throw' | 'exit' | 'oom' | 'terminate';
export const CRASH_MODES: readonly CrashMode[] = ['throw', 'exit', 'oom', 'terminate'];

/** A worker's control flag (index 0 of workerData.control): 0, or 1 + the CRASH_MODES index. */
export const CONTROL_NONE = 0;

export interface WorkerData {
  /** Int32Array(1) over a SharedArrayBuffer: lets a test crash the worker while it computes. */
  control: Int32Array;
  /** Crash requests are ignored unless the pool was created with test hooks enabled. */
  testHooks: boolean;
}

/** Draws firstDraw … firstDraw + drawCount − 1 of one job, each on its own stream. */
export interface DrawsTask {
  type: 'draws';
  taskId: number;
  network: NetworkSpec;
  options: SimulationOptions;
  engine: MonteCarloEngine;
  firstDraw: number;
  drawCount: number;
  /** Also compute the mean-field curve (one task per job does it, off the host thread). */
  meanField: boolean;
  /** Report finished layers ('layers' messages); off when nobody listens. */
  layerProgress: boolean;
  /** Shared by every task of the job; JOB_CANCELLED stops it at the next layer boundary. */
  cancelFlag: Int32Array;
}

/** A whole simulation in one worker: the mean-field engine, which has no draws to split. */
export interface SimulateTask {
  type: 'simulate';
  taskId: number;
  network: NetworkSpec;
  options: SimulationOptions;
  cancelFlag: Int32Array;
}

export type WorkerRequest = DrawsTask | SimulateTask | { type: 'crash'; mode: CrashMode };

/** Errors cross as name + message; the host rebuilds a CancelledError/InputError-named Error. */
export interface WorkerErrorInfo {
  name: string;
  message: string;
}

export type WorkerResponse =
  /** Sent once the worker's script has loaded: only a worker that got this far is respawned eagerly. */
  | { type: 'ready' }
  /**
   * Finished layers of one draw, in order. Batched to about one message per frame, so a deep
   * narrow network (thousands of layers a second) does not flood the host thread.
   */
  | { type: 'layers'; taskId: number; draw: number; steps: LayerProgress[] }
  | { type: 'draw'; taskId: number; draw: number; result: DrawResult }
  | { type: 'meanField'; taskId: number; meanField: MeanFieldResult | null }
  | { type: 'result'; taskId: number; result: SimulationResult }
  /** The task finished (after all its 'draw' messages) or failed; the worker is idle again. */
  | { type: 'done'; taskId: number }
  | { type: 'failed'; taskId: number; error: WorkerErrorInfo };

/** Every response but 'ready' belongs to a task. */
export type TaskResponse = Exclude<WorkerResponse, { type: 'ready' }>;

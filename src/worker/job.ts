// One job of the pool: what the caller asked for, how its draws are split into worker tasks,
// what has come back so far, and how it ends. It knows nothing about threads.

import type { DrawResult, LayerProgress } from '../core/dense';
import { finishSimulation, type SimulationPlan } from '../core/simulate';
import type { MeanFieldResult, NetworkSpec, SimulationOptions, SimulationResult } from '../core/types';
import { JOB_CANCELLED } from './protocol';

export interface SimulationJob {
  /** Jobs with the same key supersede each other, e.g. `${document}:${line}`. */
  key?: string;
  network: NetworkSpec;
  options: SimulationOptions;
  /** Called on the host thread as layers and draws finish, in order within each draw. */
  onProgress?: (event: SimulationProgress) => void;
  signal?: AbortSignal;
}

/** Counts of a job's layer steps: every draw goes forward through L layers and back through L. */
interface ProgressCounts {
  layersDone: number;
  layersTotal: number;
}

export type SimulationProgress =
  | ({ kind: 'layer'; draw: number } & LayerProgress & ProgressCounts)
  | ({ kind: 'draw'; draw: number; result: DrawResult; drawsDone: number; drawsTotal: number } & ProgressCounts);

/** A contiguous range of draw indices for one worker. */
export interface DrawRange {
  firstDraw: number;
  drawCount: number;
}

/** `draws` split into `parts` contiguous ranges whose sizes differ by at most one. */
export function splitDraws(draws: number, parts: number): DrawRange[] {
  const count = Math.max(1, Math.min(parts, draws));
  const ranges: DrawRange[] = [];
  let firstDraw = 0;
  for (let i = 0; i < count; i++) {
    const drawCount = Math.floor(draws / count) + (i < draws % count ? 1 : 0);
    ranges.push({ firstDraw, drawCount });
    firstDraw += drawCount;
  }
  return ranges;
}

export class PooledJob {
  /** Shared with every worker running this job's tasks; see protocol.ts. */
  readonly cancelFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  readonly promise: Promise<SimulationResult>;
  /** Tasks waiting in the pool's queue, and tasks a worker is running. */
  queued = 0;
  running = 0;
  /** Set once the job is stopping: the error it will reject with. */
  failure: Error | null = null;
  settled = false;
  /** undefined until a worker sent it; null when mean-field does not apply. */
  meanField: MeanFieldResult | null | undefined = undefined;
  /** The whole result, when one worker ran the job ('simulate' task). */
  result: SimulationResult | null = null;

  private readonly draws: (DrawResult | undefined)[];
  private readonly layersPerDraw: number[];
  private layersDone = 0;
  private drawsDone = 0;
  private readonly layersTotal: number;
  private resolve!: (result: SimulationResult) => void;
  private reject!: (error: Error) => void;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly spec: SimulationJob,
    readonly plan: SimulationPlan,
    /** How the pool stops this job (flag, queue, timers) when its progress listener throws. */
    private readonly stopWith: (job: PooledJob, error: Error) => void,
  ) {
    this.promise = new Promise<SimulationResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const draws = plan.engine === 'mean-field' ? 0 : spec.options.seeds;
    this.draws = new Array<DrawResult | undefined>(draws).fill(undefined);
    this.layersPerDraw = new Array<number>(draws).fill(0);
    this.layersTotal = draws * 2 * spec.network.layers.length;
  }

  get key(): string | undefined {
    return this.spec.key;
  }

  /** Still worth computing: neither settled nor stopping. */
  get active(): boolean {
    return !this.settled && this.failure === null;
  }

  onSettled(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /** Marks the job as stopping; workers see the shared flag at their next layer boundary. */
  stop(error: Error): boolean {
    if (!this.active) return false;
    this.failure = error;
    Atomics.store(this.cancelFlag, 0, JOB_CANCELLED);
    return true;
  }

  reportLayer(draw: number, progress: LayerProgress): void {
    this.layersDone++;
    this.layersPerDraw[draw]++;
    this.emit({ kind: 'layer', draw, ...progress, layersDone: this.layersDone, layersTotal: this.layersTotal });
  }

  addDraw(draw: number, result: DrawResult): void {
    this.draws[draw] = result;
    // A draw that overflowed stops early; its remaining steps count as done.
    this.layersDone += 2 * this.spec.network.layers.length - this.layersPerDraw[draw];
    this.drawsDone++;
    const { layersDone, layersTotal, drawsDone } = this;
    this.emit({ kind: 'draw', draw, result, drawsDone, drawsTotal: this.draws.length, layersDone, layersTotal });
  }

  /** Settles when nothing is queued or running any more (or right away when forced). */
  settleIfDone(force = false): void {
    if (this.settled || (!force && (this.running > 0 || this.queued > 0))) return;
    this.settled = true;
    for (const cleanup of this.cleanups) cleanup();
    if (this.failure) {
      this.reject(this.failure);
      return;
    }
    try {
      this.resolve(this.complete());
    } catch (error) {
      this.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private complete(): SimulationResult {
    if (this.result) return this.result;
    const { network, options } = this.spec;
    const draws = this.draws.map((draw, d) => {
      if (!draw) throw new Error(`simulation pool lost draw ${d} of ${this.draws.length}`);
      return draw;
    });
    // The same aggregation as the in-process simulate, in draw order: identical numbers.
    if (this.meanField === undefined) throw new Error('simulation pool lost the mean-field curve');
    return finishSimulation(network, options, this.plan, draws, this.meanField);
  }

  private emit(event: SimulationProgress): void {
    const onProgress = this.spec.onProgress;
    if (!onProgress || !this.active) return;
    try {
      onProgress(event);
    } catch (error) {
      // A throwing listener is a caller bug: fail the job with it rather than hide it.
      this.stopWith(this, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

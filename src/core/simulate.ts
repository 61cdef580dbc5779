// The one entry point every view calls: validate, pick the engine, run the draws,
// and report every statistic as a mean over draws with its p5/p50/p95 band.

import { getActivation } from './activations';
import type { IsCancelled } from './cancel';
import { simulateDenseDraw, type DrawResult, type LayerProgress } from './dense';
import { InputError, requireInteger } from './errors';
import { engineCosts, matrixFreeApplies, matrixFreeBytes, simulateMatrixFreeDraw } from './matrixFree';
import { createRng } from './rng';
import { resolveInit } from './schemes';
import { band, mean } from './stats';
import { meanFieldForNetwork, meanFieldInapplicable, meanFieldLayers } from './theory';
import type { EngineName, LayerResult, MeanFieldResult, NetworkSpec, Overflow, SimulationOptions, SimulationResult } from './types';

export const LIMITS = {
  width: 65536,
  depth: 10000,
  batch: 1_000_000,
  seeds: 10000,
  bins: 1000,
  /** Bytes the dense engine may hold at once (weights + pre-activations of one draw). */
  denseBytes: 1024 * 1024 * 1024,
} as const;

export const DEFAULT_OPTIONS: SimulationOptions = {
  batch: 256,
  seeds: 1,
  seed: 0,
  rng: 'xoshiro',
  engine: 'auto',
  bins: 30,
};

export interface SimulateHooks {
  isCancelled?: IsCancelled;
  /** Called after each finished draw, for progress. */
  onDraw?: (done: number, total: number) => void;
}

export function validateNetwork(network: NetworkSpec): void {
  requireInteger('width (input)', network.inputWidth, 1, LIMITS.width);
  requireInteger('depth', network.layers.length, 1, LIMITS.depth);
  let width = network.inputWidth;
  for (const [i, layer] of network.layers.entries()) {
    requireInteger(`layer ${i + 1} fan_in`, layer.fanIn, 1, LIMITS.width);
    requireInteger(`layer ${i + 1} fan_out`, layer.fanOut, 1, LIMITS.width);
    if (layer.fanIn !== width) {
      throw new InputError(`layer ${i + 1} fan_in`, `equal to the previous layer's width ${width}`, layer.fanIn);
    }
    width = layer.fanOut;
    // Resolving validates every scheme parameter (negative std, low ≥ high, …) with a named error.
    resolveInit(layer.init, layer.fanIn, layer.fanOut);
    if (layer.bias) resolveInit(layer.bias, layer.fanIn, layer.fanOut);
    getActivation(layer.activation);
  }
}

export function validateOptions(options: SimulationOptions): void {
  requireInteger('batch', options.batch, 1, LIMITS.batch);
  requireInteger('seeds', options.seeds, 1, LIMITS.seeds);
  requireInteger('seed', options.seed, 0, options.rng === 'numpy' ? 2 ** 32 - options.seeds : Number.MAX_SAFE_INTEGER);
  requireInteger('bins', options.bins, 1, LIMITS.bins);
}

/** Bytes one dense draw holds: X, every W and z_l, and the backward scratch. */
export function denseBytes(network: NetworkSpec, batch: number): number {
  let entries = batch * network.inputWidth;
  let widest = network.inputWidth;
  for (const layer of network.layers) {
    entries += layer.fanIn * layer.fanOut + batch * layer.fanOut;
    widest = Math.max(widest, layer.fanOut);
  }
  return 8 * (entries + 4 * batch * widest);
}

export function simulate(network: NetworkSpec, options: SimulationOptions, hooks: SimulateHooks = {}): SimulationResult {
  const plan = planSimulation(network, options);
  const meanField = meanFieldForNetwork(network, options.batch);
  if (plan.engine === 'mean-field') return finishSimulation(network, options, plan, [], meanField);
  const draws: DrawResult[] = [];
  for (let d = 0; d < options.seeds; d++) {
    draws.push(runDraw(network, options, plan.engine, d, { isCancelled: hooks.isCancelled }));
    hooks.onDraw?.(d + 1, options.seeds);
  }
  return finishSimulation(network, options, plan, draws, meanField);
}

/**
 * Mean over draws of every statistic, plus the p5/p50/p95 band when there are several draws.
 * Layers are kept only as far as every draw reached; the earliest overflow is reported.
 */
export function aggregateDraws(draws: DrawResult[]): { layers: LayerResult[]; overflow: Overflow | null } {
  const reached = Math.min(...draws.map((d) => d.layers.length));
  let overflow: Overflow | null = null;
  for (const d of draws) {
    if (d.overflow && (!overflow || d.overflow.layer < overflow.layer || (d.overflow.direction === 'forward' && overflow.direction === 'backward'))) {
      overflow = d.overflow;
    }
  }
  if (draws.length === 1) return { layers: draws[0].layers, overflow };
  const layers: LayerResult[] = [];
  for (let l = 0; l < reached; l++) {
    const perDraw = draws.map((d) => d.layers[l]);
    const forwards = perDraw.map((p) => p.forward);
    const pick = (f: (x: (typeof forwards)[number]) => number) => forwards.map(f);
    const nullableMean = (values: (number | null)[]) => (values[0] === null ? null : mean(values as number[]));
    const backwards = perDraw.map((p) => p.backward);
    const complete = backwards.every((b) => b !== null);
    const b = backwards as NonNullable<(typeof backwards)[number]>[];
    layers.push({
      layer: l + 1,
      forward: {
        mean: mean(pick((f) => f.mean)),
        std: mean(pick((f) => f.std)),
        preStd: mean(pick((f) => f.preStd)),
        saturated: nullableMean(forwards.map((f) => f.saturated)),
        dead: nullableMean(forwards.map((f) => f.dead)),
        histogram: forwards[0].histogram,
      },
      backward: complete
        ? {
            preGradStd: mean(b.map((x) => x.preGradStd)),
            gradStd: mean(b.map((x) => x.gradStd)),
            weightGradStd: mean(b.map((x) => x.weightGradStd)),
            histogram: b[0].histogram,
          }
        : null,
      band: {
        std: band(pick((f) => f.std)),
        preStd: band(pick((f) => f.preStd)),
        preGradStd: complete ? band(b.map((x) => x.preGradStd)) : null,
        gradStd: complete ? band(b.map((x) => x.gradStd)) : null,
        weightGradStd: complete ? band(b.map((x) => x.weightGradStd)) : null,
      },
    });
  }
  return { layers, overflow };
}

// ── Entry points shared with the worker pool, which runs draws on several threads and must
// choose the engine and aggregate exactly as simulate does, so both go through these.

export type MonteCarloEngine = 'dense' | 'matrix-free';

export interface SimulationPlan {
  engine: Exclude<EngineName, 'auto'>;
  engineReason: string;
}

/** Validates everything and picks the engine, cheaply (no draw runs): bad input throws InputError here. */
export function planSimulation(network: NetworkSpec, options: SimulationOptions): SimulationPlan {
  validateNetwork(network);
  validateOptions(options);
  if (options.engine === 'mean-field') {
    const inapplicable = meanFieldInapplicable(network);
    if (inapplicable !== null) {
      throw new InputError('engine', 'dense or auto for this network, since mean-field does not apply', inapplicable);
    }
    return { engine: 'mean-field', engineReason: 'mean-field was requested: infinite width, deterministic' };
  }
  const { engine, reason } = chooseEngine(network, options);
  return { engine, engineReason: reason };
}

export interface EngineChoice {
  engine: MonteCarloEngine;
  reason: string;
}

/**
 * dense or matrix-free for a Monte Carlo run. `auto` takes matrix-free when it is exact for every
 * layer (zero-mean normal or orthogonal weights) and the cost model says it does less work
 * (batch below about 0.3 × width for square nets), or when only it fits in memory.
 */
export function chooseEngine(network: NetworkSpec, options: SimulationOptions): EngineChoice {
  const mib = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MiB`;
  const limit = `${LIMITS.denseBytes / 2 ** 20} MiB`;
  const denseFits = denseBytes(network, options.batch) <= LIMITS.denseBytes;
  const freeBytes = matrixFreeBytes(network, options.batch);
  const freeFits = freeBytes <= LIMITS.denseBytes;
  const inapplicable = matrixFreeApplies(network);
  if (options.engine === 'matrix-free') {
    if (inapplicable) throw new InputError('engine', 'dense or auto for this network, since matrix-free does not apply', inapplicable);
    if (!freeFits) {
      throw new InputError('batch × width × depth', `small enough for the matrix-free engine's ${limit} (reduce --batch, --width or --depth)`, mib(freeBytes));
    }
    return { engine: 'matrix-free', reason: 'matrix-free was requested: exact in distribution for these weights, with no weight matrix built' };
  }
  if (options.engine === 'auto' && !inapplicable && freeFits) {
    const cost = engineCosts(network, options.batch);
    if (cost.matrixFree < cost.dense) {
      return {
        engine: 'matrix-free',
        reason: `auto: matrix-free is exact in distribution for these Gaussian/orthogonal weights and does about ${(cost.dense / cost.matrixFree).toFixed(1)}× less work than dense at batch ${options.batch}`,
      };
    }
    if (!denseFits) return { engine: 'matrix-free', reason: `auto: matrix-free, since dense would need more than ${limit}` };
  }
  if (!denseFits) {
    throw new InputError(
      'batch × width × depth',
      `small enough for the dense engine's ${limit} (reduce --batch, --width or --depth)`,
      mib(denseBytes(network, options.batch)),
    );
  }
  if (options.engine === 'dense') return { engine: 'dense', reason: 'dense was requested: exact Monte Carlo with real weight matrices' };
  if (inapplicable) return { engine: 'dense', reason: `auto: dense, since ${inapplicable}` };
  return {
    engine: 'dense',
    reason: `auto: dense, since batch ${options.batch} is too large for matrix-free to be cheaper (its cost grows like batch² × width; it wins below about 0.3 × width)`,
  };
}

export interface DrawHooks {
  isCancelled?: IsCancelled;
  onLayer?: (progress: LayerProgress) => void;
}

/** Draw `draw` (0-based) of a Monte Carlo run, from its own stream createRng(rng, seed, draw). */
export function runDraw(network: NetworkSpec, options: SimulationOptions, engine: MonteCarloEngine, draw: number, hooks: DrawHooks = {}): DrawResult {
  const rng = createRng(options.rng, options.seed, draw);
  const drawOptions = { batch: options.batch, bins: options.bins, isCancelled: hooks.isCancelled, onLayer: hooks.onLayer };
  return engine === 'dense' ? simulateDenseDraw(network, rng, drawOptions) : simulateMatrixFreeDraw(network, rng, drawOptions);
}

/** The result of a planned run from its draws in draw order (none for mean-field). */
export function finishSimulation(
  network: NetworkSpec,
  options: SimulationOptions,
  plan: SimulationPlan,
  draws: DrawResult[],
  meanField: MeanFieldResult | null,
): SimulationResult {
  const config = { network, options };
  const { engine, engineReason } = plan;
  if (engine === 'mean-field') {
    if (!meanField) throw new InputError('engine', 'dense or auto for this network, since mean-field does not apply', meanFieldInapplicable(network));
    // Where theory's variance overflows, the run overflowed: verdicts read result.overflow.
    return { config, engine, engineReason, layers: meanFieldLayers(network, meanField), meanField, overflow: meanField.overflow ?? null };
  }
  return { config, engine, engineReason, ...aggregateDraws(draws), meanField };
}

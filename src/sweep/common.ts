// Pieces every sweep shares: judging a run, the Monte Carlo spread of ratios, timing, notes.

import { band } from '../core/stats';
import type { SimulationResult } from '../core/types';
import { diagnose, DEFAULT_THRESHOLDS, type Verdict, type VerdictThresholds } from '../diagnose/verdict';
import type { DrawSummary, RunOutput } from './runner';
import type { MonteCarloRatios, SweepEngine, SweepResult } from './types';

export interface SweepHooks {
  signal?: AbortSignal;
  /** Called with a fresh snapshot whenever a point or cell is added or refined. */
  onPartial?: (result: SweepResult) => void;
  thresholds?: VerdictThresholds;
}

/** Ratios and verdicts of one run, without the fix (sweeps judge hundreds of runs). */
export function judge(result: SimulationResult, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): Verdict {
  return diagnose(result, thresholds, { fix: false });
}

export function engineOf(result: SimulationResult): SweepEngine {
  return result.engine === 'mean-field' ? 'mean-field' : result.engine === 'dense' ? 'dense' : 'matrix-free';
}

/** The p5/p50/p95 of each ratio across draws; a band is null unless every draw formed its ratio. */
export function monteCarloRatios(output: RunOutput): MonteCarloRatios {
  const engine = output.result.engine === 'dense' ? 'dense' : 'matrix-free';
  const spread = (pick: (d: DrawSummary) => number | null) => {
    const values = output.draws.map(pick);
    return values.length > 0 && values.every((v): v is number => v !== null) ? band(values) : null;
  };
  return { engine, draws: output.draws.length, forwardRatio: spread((d) => d.forwardRatio), backwardRatio: spread((d) => d.backwardRatio) };
}

export function clock(): () => number {
  const start = performance.now();
  return () => Math.round(performance.now() - start);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// Gain / σ_w sweep: N(0, (g/√fan_in)²) weights for log-spaced g, one activation. Mean-field gives
// the curves and χ₁ (exact at infinite width); Monte Carlo adds the band across draws where finite
// width matters; the critical gain is where χ₁ crosses 1.

import { getActivation } from '../core/activations';
import { formatNumber } from '../diagnose/verdict';
import { clock, judge, monteCarloRatios, plural, type SweepHooks } from './common';
import { refineCrossings } from './criticalGain';
import { isCancellation } from './runner';
import { finiteWidthReason, meanFieldOptions, monteCarloOptions, needsMonteCarlo } from './monteCarlo';
import { gainInit, squareNetwork } from './networks';
import type { SweepRunner } from './runner';
import { runTasks, type SweepTask } from './schedule';
import type { GainPoint, GainSweepRequest, GainSweepResult, MonteCarloRatios } from './types';

export async function runGainSweep(request: GainSweepRequest, runner: SweepRunner, hooks: SweepHooks): Promise<GainSweepResult> {
  const elapsed = clock();
  const networks = request.gains.map((g) => squareNetwork(gainInit(g, request.width), request.activation, request.depth, request.width, request.biasStd));
  const monteCarlo = request.gains.flatMap((_, i) => (needsMonteCarlo(networks[i], request.monteCarlo) ? [i] : []));
  const points: (GainPoint | undefined)[] = new Array(request.gains.length).fill(undefined);
  /** Monte Carlo bands as they arrive: a pool can finish a gain's Monte Carlo run before its mean-field run. */
  const bands: (MonteCarloRatios | undefined)[] = new Array(request.gains.length).fill(undefined);
  /** Found once mean-field has χ₁ at every gain; null until then. */
  let crossings: number[] | null = null;
  const total = request.gains.length + monteCarlo.length;
  let done = 0;

  const snapshot = (complete: boolean): GainSweepResult => ({
    kind: 'gain',
    request,
    activation: getActivation(request.activation).label,
    points: points.filter((p): p is GainPoint => p !== undefined).map((p) => ({ ...p })),
    criticalGain: crossings?.[0] ?? null,
    criticalGains: crossings ?? [],
    currentGain: request.currentGain,
    complete,
    done,
    total,
    engineNote: engineNote(request, networks, monteCarlo, crossings),
    elapsedMs: elapsed(),
  });

  const meanFieldTask =
    (i: number): SweepTask =>
    async (signal) => {
      const output = await runner.run(networks[i], meanFieldOptions(request), signal);
      const verdict = judge(output.result, hooks.thresholds);
      points[i] = {
        gain: request.gains[i],
        forwardRatio: verdict.forwardRatio,
        backwardRatio: verdict.backwardRatio,
        engine: 'mean-field',
        chi1: output.result.meanField?.chi1 ?? null,
        lastStd: output.result.layers.at(-1)?.forward.std ?? null,
        monteCarlo: bands[i] ?? null,
      };
      done++;
      hooks.onPartial?.(snapshot(false));
    };
  const monteCarloTask =
    (i: number): SweepTask =>
    async (signal) => {
      const output = await runner.run(networks[i], monteCarloOptions(request), signal);
      const spread = monteCarloRatios(output);
      bands[i] = spread;
      // Mean-field usually finished first; if not, its task picks the band up from `bands`.
      const point = points[i];
      if (point) point.monteCarlo = spread;
      done++;
      hooks.onPartial?.(snapshot(false));
    };

  const searchCrossings = async (): Promise<boolean> => {
    const chi1At = async (gain: number) => {
      const network = squareNetwork(gainInit(gain, request.width), request.activation, request.depth, request.width, request.biasStd);
      const output = await runner.run(network, meanFieldOptions(request), hooks.signal);
      return output.result.meanField?.chi1 ?? Number.NaN;
    };
    try {
      const grid = points.map((p, i) => ({ gain: request.gains[i], chi1: p?.chi1 ?? null }));
      const found = await refineCrossings(grid, chi1At, hooks.signal);
      // A search cut short by a cancel has no answer to show.
      if (hooks.signal?.aborted) return false;
      crossings = found;
      hooks.onPartial?.(snapshot(false));
      return true;
    } catch (error) {
      if (isCancellation(error)) return false;
      throw error;
    }
  };

  // The critical gain is refined from the grid's χ₁ once every mean-field point is in, while the bands run.
  let meanFieldLeft = request.gains.length;
  let theoryDone!: () => void;
  const theory = new Promise<void>((resolve) => (theoryDone = resolve));
  const tasks = [
    ...request.gains.map((_, i): SweepTask => async (signal) => {
      await meanFieldTask(i)(signal);
      if (--meanFieldLeft === 0) theoryDone();
    }),
    ...monteCarlo.map(monteCarloTask),
  ];
  const runs = runTasks(tasks, runner.concurrency, hooks.signal);
  const search = Promise.race([theory.then(() => true), runs.then(() => meanFieldLeft === 0)]).then((ready) => (ready ? searchCrossings() : false));
  const [{ cancelled }, searched] = await Promise.all([runs, search]);
  return snapshot(!cancelled && searched);
}

function engineNote(request: GainSweepRequest, networks: ReturnType<typeof squareNetwork>[], monteCarlo: number[], crossings: number[] | null): string {
  const parts = [`Curves, χ₁ and the critical gain: mean-field (infinite width, exact there) for ${plural(request.gains.length, 'gain')}.`];
  if (monteCarlo.length > 0) {
    const reason = request.monteCarlo === 'always' ? 'requested for every gain' : (finiteWidthReason(networks[monteCarlo[0]]) ?? 'requested');
    parts.push(`Band: p5–p95 across ${plural(request.draws, 'draw')} of Monte Carlo (auto engine, batch ${request.batch}) at ${plural(monteCarlo.length, 'gain')}: ${reason}.`);
  } else {
    parts.push('No Monte Carlo band: finite width does not move these numbers by more than a few percent.');
  }
  parts.push(
    crossings === null
      ? 'The critical gain is located once mean-field has every gain.'
      : crossings.length === 0
      ? `χ₁ does not cross 1 between gains ${formatNumber(request.gains[0])} and ${formatNumber(request.gains.at(-1) ?? 0)}.`
      : `χ₁ = 1 at gain ${crossings.map((g) => `${formatNumber(g)} (σ_w² = ${formatNumber(g * g)})`).join(', ')}.`,
  );
  return parts.join(' ');
}

// Gain / σ_w sweep: N(0, (g/√fan_in)²) weights for log-spaced g, one activation. Mean-field gives
// the curves and χ₁ (exact at infinite width); Monte Carlo adds the band across draws where finite
// width matters; the critical gain is where χ₁ crosses 1.

import { getActivation } from '../core/activations';
import { formatNumber } from '../diagnose/verdict';
import { clock, judge, monteCarloRatios, plural, type SweepHooks } from './common';
import { criticalGains } from './criticalGain';
import { finiteWidthReason, meanFieldOptions, monteCarloOptions, needsMonteCarlo } from './monteCarlo';
import { gainInit, squareNetwork } from './networks';
import type { SweepRunner } from './runner';
import { runTasks, type SweepTask } from './schedule';
import type { GainPoint, GainSweepRequest, GainSweepResult } from './types';

export async function runGainSweep(request: GainSweepRequest, runner: SweepRunner, hooks: SweepHooks): Promise<GainSweepResult> {
  const elapsed = clock();
  const networks = request.gains.map((g) => squareNetwork(gainInit(g, request.width), request.activation, request.depth, request.width, request.biasStd));
  const monteCarlo = request.gains.flatMap((_, i) => (needsMonteCarlo(networks[i], request.monteCarlo) ? [i] : []));
  const points: (GainPoint | undefined)[] = new Array(request.gains.length).fill(undefined);
  const low = request.gains[0];
  const high = request.gains[request.gains.length - 1];
  const crossings = criticalGains(request.activation, request.biasStd, low, high);
  const total = request.gains.length + monteCarlo.length;
  let done = 0;

  const snapshot = (complete: boolean): GainSweepResult => ({
    kind: 'gain',
    request,
    activation: getActivation(request.activation).label,
    points: points.filter((p): p is GainPoint => p !== undefined).map((p) => ({ ...p })),
    criticalGain: crossings[0] ?? null,
    criticalGains: crossings,
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
        monteCarlo: points[i]?.monteCarlo ?? null,
      };
      done++;
      hooks.onPartial?.(snapshot(false));
    };
  const monteCarloTask =
    (i: number): SweepTask =>
    async (signal) => {
      const output = await runner.run(networks[i], monteCarloOptions(request), signal);
      const spread = monteCarloRatios(output);
      const point = points[i];
      // Mean-field runs first for every gain, so the point exists; keep it if a cancel raced.
      if (point) point.monteCarlo = spread;
      done++;
      hooks.onPartial?.(snapshot(false));
    };

  const tasks = [...request.gains.map((_, i) => meanFieldTask(i)), ...monteCarlo.map(monteCarloTask)];
  const { cancelled } = await runTasks(tasks, runner.concurrency, hooks.signal);
  return snapshot(!cancelled);
}

function engineNote(request: GainSweepRequest, networks: ReturnType<typeof squareNetwork>[], monteCarlo: number[], crossings: number[]): string {
  const parts = [`Curves, χ₁ and the critical gain: mean-field (infinite width, exact there) for ${plural(request.gains.length, 'gain')}.`];
  if (monteCarlo.length > 0) {
    const reason = request.monteCarlo === 'always' ? 'requested for every gain' : (finiteWidthReason(networks[monteCarlo[0]]) ?? 'requested');
    parts.push(`Band: p5–p95 across ${plural(request.draws, 'draw')} of Monte Carlo (auto engine, batch ${request.batch}) at ${plural(monteCarlo.length, 'gain')}: ${reason}.`);
  } else {
    parts.push('No Monte Carlo band: finite width does not move these numbers by more than a few percent.');
  }
  parts.push(
    crossings.length === 0
      ? `χ₁ does not cross 1 between gains ${formatNumber(request.gains[0])} and ${formatNumber(request.gains.at(-1) ?? 0)}.`
      : `χ₁ = 1 at gain ${crossings.map((g) => `${formatNumber(g)} (σ_w² = ${formatNumber(g * g)})`).join(', ')}.`,
  );
  return parts.join(' ');
}

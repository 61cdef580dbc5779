// Depth sweep: how the ratios evolve with depth for one init, with the mean-field depth scale ξ.

import { formatNumber } from '../diagnose/verdict';
import { clock, engineOf, judge, monteCarloRatios, plural, type SweepHooks } from './common';
import { finiteWidthReason, meanFieldOptions, monteCarloOptions, needsMonteCarlo } from './monteCarlo';
import { squareNetwork } from './networks';
import type { SweepRunner } from './runner';
import { runTasks, type SweepTask } from './schedule';
import { meanFieldInapplicable } from '../core/theory';
import type { DepthPoint, DepthSweepRequest, DepthSweepResult } from './types';

export async function runDepthSweep(request: DepthSweepRequest, runner: SweepRunner, hooks: SweepHooks): Promise<DepthSweepResult> {
  const elapsed = clock();
  const networks = request.depths.map((d) => squareNetwork(request.init, request.activation, d, request.width, request.biasStd));
  const meanFieldApplies = meanFieldInapplicable(networks[0]) === null;
  const monteCarlo = request.depths.flatMap((_, i) => (needsMonteCarlo(networks[i], request.monteCarlo) ? [i] : []));
  const points: (DepthPoint | undefined)[] = new Array(request.depths.length).fill(undefined);
  const total = (meanFieldApplies ? request.depths.length : 0) + monteCarlo.length;
  let done = 0;
  let chi1: number | null = null;
  let depthScale: number | null = null;
  /** Index of the depth chi1 and depthScale were taken from; runs can finish out of order. */
  let chiFrom = -1;

  const snapshot = (complete: boolean): DepthSweepResult => ({
    kind: 'depth',
    request,
    points: points.filter((p): p is DepthPoint => p !== undefined).map((p) => ({ ...p })),
    depthScale,
    chi1,
    complete,
    done,
    total,
    engineNote: engineNote(request, networks, meanFieldApplies, monteCarlo),
    elapsedMs: elapsed(),
  });

  const task =
    (i: number, isMonteCarlo: boolean): SweepTask =>
    async (signal) => {
      const output = await runner.run(networks[i], isMonteCarlo ? monteCarloOptions(request) : meanFieldOptions(request), signal);
      const point = points[i];
      if (isMonteCarlo && point && point.engine === 'mean-field') {
        point.monteCarlo = monteCarloRatios(output);
      } else {
        // Without mean-field the Monte Carlo means are the point itself.
        const verdict = judge(output.result, hooks.thresholds);
        points[i] = {
          depth: request.depths[i],
          forwardRatio: verdict.forwardRatio,
          backwardRatio: verdict.backwardRatio,
          engine: engineOf(output.result),
          monteCarlo: isMonteCarlo ? monteCarloRatios(output) : (point?.monteCarlo ?? null),
        };
      }
      // ξ from the deepest network mean-field has reached so far, whatever order runs finish in: without a
      // variance fixed point (elu with He init) χ₁ is taken at the last layer's q, so it depends on the depth.
      const theory = output.result.meanField;
      if (!isMonteCarlo && theory && i > chiFrom) {
        chi1 = theory.chi1;
        depthScale = theory.depthScale;
        chiFrom = i;
      }
      done++;
      hooks.onPartial?.(snapshot(false));
    };

  const tasks = [
    ...(meanFieldApplies ? request.depths.map((_, i) => task(i, false)) : []),
    ...monteCarlo.map((i) => task(i, true)),
  ];
  const { cancelled } = await runTasks(tasks, runner.concurrency, hooks.signal);
  return snapshot(!cancelled);
}

function engineNote(request: DepthSweepRequest, networks: ReturnType<typeof squareNetwork>[], meanFieldApplies: boolean, monteCarlo: number[]): string {
  const parts: string[] = [];
  if (meanFieldApplies) parts.push(`Ratios and ξ: mean-field (infinite width, exact there) at ${plural(request.depths.length, 'depth')}.`);
  if (monteCarlo.length > 0) {
    const reason = request.monteCarlo === 'always' ? 'requested' : (finiteWidthReason(networks[monteCarlo.at(-1) ?? 0]) ?? 'requested');
    parts.push(
      `${meanFieldApplies ? 'Band' : 'Ratios'}: Monte Carlo (auto engine, ${plural(request.draws, 'draw')}, batch ${request.batch}) at ${plural(monteCarlo.length, 'depth')}: ${reason}.`,
    );
  }
  parts.push(`Init ${request.initLabel}, width ${request.width}, σ_b = ${formatNumber(request.biasStd)}.`);
  return parts.join(' ');
}

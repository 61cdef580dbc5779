// Width sweep: the seed-to-seed spread of the last layer's std at fixed depth, which grows with
// Σ 1/width (Hanin & Rolnick 2018), against the log-normal prediction. Monte Carlo for every width.

import { formatNumber } from '../diagnose/verdict';
import { band } from '../core/stats';
import { clock, plural, type SweepHooks } from './common';
import { predictLogStdSpread } from './logNormal';
import { monteCarloOptions } from './monteCarlo';
import { squareNetwork } from './networks';
import type { SweepRunner } from './runner';
import { runTasks, type SweepTask } from './schedule';
import type { WidthPoint, WidthSweepRequest, WidthSweepResult } from './types';

export async function runWidthSweep(request: WidthSweepRequest, runner: SweepRunner, hooks: SweepHooks): Promise<WidthSweepResult> {
  const elapsed = clock();
  const networks = request.widths.map((w) => squareNetwork(request.init, request.activation, request.depth, w, request.biasStd));
  const predictions = networks.map((n) => predictLogStdSpread(n, request.batch));
  const points: (WidthPoint | undefined)[] = new Array(request.widths.length).fill(undefined);
  let done = 0;

  const snapshot = (complete: boolean): WidthSweepResult => ({
    kind: 'width',
    request,
    points: points.filter((p): p is WidthPoint => p !== undefined).map((p) => ({ ...p, std: { ...p.std } })),
    predictionNote: predictions.find((p) => p.value === null)?.note ?? predictions[0]?.note ?? '',
    complete,
    done,
    total: request.widths.length,
    engineNote: `Monte Carlo (auto engine) for every width: ${plural(request.draws, 'draw')} at batch ${request.batch}, seed ${request.seed}; the dashed line is mean-field (infinite width). Init ${request.initLabel}, depth ${request.depth}, σ_b = ${formatNumber(request.biasStd)}.`,
    elapsedMs: elapsed(),
  });

  const task =
    (i: number): SweepTask =>
    async (signal) => {
      const output = await runner.run(networks[i], monteCarloOptions(request), signal);
      const stds = output.draws.map((d) => d.lastStd).filter((s): s is number => s !== null && s > 0);
      if (stds.length < output.draws.length) {
        throw new Error(`width ${request.widths[i]}: ${output.draws.length - stds.length} of ${output.draws.length} draws have no finite, positive last-layer std (overflow or a dead network); the spread is undefined`);
      }
      const logs = stds.map(Math.log);
      const meanLog = logs.reduce((s, x) => s + x, 0) / logs.length;
      const logStdSpread = Math.sqrt(logs.reduce((s, x) => s + (x - meanLog) ** 2, 0) / Math.max(1, logs.length - 1));
      const width = request.widths[i];
      points[i] = {
        width,
        engine: output.result.engine === 'dense' ? 'dense' : 'matrix-free',
        draws: stds.length,
        std: band(stds),
        logStdSpread,
        sumInverseWidth: request.depth / width,
        predictedLogStdSpread: predictions[i].value,
        meanFieldStd: output.result.meanField?.layers.at(-1)?.std ?? null,
      };
      done++;
      hooks.onPartial?.(snapshot(false));
    };

  const { cancelled } = await runTasks(request.widths.map((_, i) => task(i)), runner.concurrency, hooks.signal);
  return snapshot(!cancelled);
}

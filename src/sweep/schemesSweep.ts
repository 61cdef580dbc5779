// Schemes × activations: every scheme against every activation at one depth and width. Mean-field
// fills the whole grid first (instant, exact at infinite width); Monte Carlo then refines the
// cells where finite width matters, each cell saying which engine its numbers come from.

import { getActivation } from '../core/activations';
import { meanFieldInapplicable } from '../core/theory';
import { formatNumber } from '../diagnose/verdict';
import { clock, engineOf, judge, plural, type SweepHooks } from './common';
import { finiteWidthReason, meanFieldOptions, monteCarloOptions, needsMonteCarlo } from './monteCarlo';
import { squareNetwork } from './networks';
import type { SweepRunner } from './runner';
import { runTasks, type SweepTask } from './schedule';
import type { SchemeCell, SchemesSweepRequest, SchemesSweepResult } from './types';

export async function runSchemesSweep(request: SchemesSweepRequest, runner: SweepRunner, hooks: SweepHooks): Promise<SchemesSweepResult> {
  const elapsed = clock();
  const grid = request.schemes.flatMap((scheme) => request.activations.map((activation) => ({ scheme, activation })));
  const networks = grid.map(({ scheme, activation }) => squareNetwork(scheme.init, activation, request.depth, request.width, request.biasStd));
  const cells: (SchemeCell | undefined)[] = new Array(grid.length).fill(undefined);
  const meanFieldCells = grid.flatMap((_, i) => (meanFieldInapplicable(networks[i]) === null ? [i] : []));
  const monteCarloCells = grid.flatMap((_, i) => (needsMonteCarlo(networks[i], request.monteCarlo) ? [i] : []));
  const total = meanFieldCells.length + monteCarloCells.length;
  let done = 0;

  const snapshot = (complete: boolean): SchemesSweepResult => ({
    kind: 'schemes',
    request,
    cells: cells.filter((c): c is SchemeCell => c !== undefined).map((c) => ({ ...c })),
    complete,
    done,
    total,
    engineNote: engineNote(request, networks, meanFieldCells.length, monteCarloCells),
    elapsedMs: elapsed(),
  });

  const cellTask =
    (i: number, monteCarlo: boolean): SweepTask =>
    async (signal) => {
      const { scheme, activation } = grid[i];
      const output = await runner.run(networks[i], monteCarlo ? monteCarloOptions(request) : meanFieldOptions(request), signal);
      const verdict = judge(output.result, hooks.thresholds);
      const theory = output.result.meanField;
      const previous = cells[i];
      let meanField = previous?.meanField ?? null;
      if (!monteCarlo && theory) meanField = { forwardRatio: verdict.forwardRatio, backwardRatio: verdict.backwardRatio, chi1: theory.chi1 };
      if (!monteCarlo && previous && previous.engine !== 'mean-field') {
        // Monte Carlo finished first (a pool gives no order): it stays the cell's numbers; mean-field is added beside.
        cells[i] = { ...previous, meanField };
      } else {
        cells[i] = {
          scheme: scheme.id,
          schemeLabel: scheme.label,
          activation: getActivation(activation).label,
          activationSpec: activation,
          init: scheme.init,
          forwardRatio: verdict.forwardRatio,
          backwardRatio: verdict.backwardRatio,
          verdict: { forward: verdict.forward, backward: verdict.backward },
          engine: engineOf(output.result),
          meanField,
          summary: verdict.summary,
        };
      }
      done++;
      hooks.onPartial?.(snapshot(false));
    };

  const tasks = [...meanFieldCells.map((i) => cellTask(i, false)), ...monteCarloCells.map((i) => cellTask(i, true))];
  const { cancelled } = await runTasks(tasks, runner.concurrency, hooks.signal);
  return snapshot(!cancelled);
}

function engineNote(request: SchemesSweepRequest, networks: ReturnType<typeof squareNetwork>[], meanFieldCount: number, monteCarlo: number[]): string {
  const parts = [`Mean-field (infinite width, exact there) for ${plural(meanFieldCount, 'cell')}.`];
  if (monteCarlo.length > 0) {
    const reasons = new Map<string, number>();
    for (const i of monteCarlo) {
      const reason = request.monteCarlo === 'always' ? 'Monte Carlo was asked for every cell' : (finiteWidthReason(networks[i]) ?? 'requested');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const why = [...reasons].map(([reason, n]) => `${reason} (${plural(n, 'cell')})`).join('; ');
    parts.push(
      `Monte Carlo (auto engine: matrix-free for Gaussian/orthogonal weights, dense otherwise; ${plural(request.draws, 'draw')} at batch ${request.batch}, seed ${request.seed}) replaces it for ${plural(monteCarlo.length, 'cell')}: ${why}.`,
    );
  }
  parts.push(`Each cell names its engine. Ratios: forward std(a_L)/std(a_1), backward std(δ_1)/std(δ_L); σ_b = ${formatNumber(request.biasStd)}.`);
  return parts.join(' ');
}

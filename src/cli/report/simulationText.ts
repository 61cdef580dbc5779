// The readable per-layer table of `init-lens simulate`.

import { getActivation } from '../../core/activations';
import { describeInit } from '../../core/schemes';
import type { SimulationResult } from '../../core/types';
import { formatNumber, type Verdict } from '../../diagnose/verdict';
import { table } from './table';

export function simulationText(result: SimulationResult, verdict: Verdict): string {
  const { network, options } = result.config;
  const first = network.layers[0];
  const lines: string[] = [];
  const draws = options.seeds === 1 ? '1 draw' : `${options.seeds} draws`;
  lines.push(
    `${describeInit(first.init)} · ${getActivation(first.activation).label} · ${network.layers.length} layers × ${network.inputWidth} · batch ${options.batch} · ${draws} (${options.rng})`,
  );
  lines.push(`engine: ${result.engine} — ${result.engineReason}`);
  lines.push('');
  const mf = new Map(result.meanField?.layers.map((m) => [m.layer, m]) ?? []);
  const header = ['layer', 'mean', 'std', 'preStd', 'sat', 'dead', 'δ std', 'dL/da std', 'dL/dW std', 'MF std', 'MF δ std'];
  const rows = result.layers.map((l) => {
    const m = mf.get(l.layer);
    return [
      String(l.layer),
      fmt(l.forward.mean),
      fmt(l.forward.std),
      fmt(l.forward.preStd),
      l.forward.saturated === null ? '–' : pct(l.forward.saturated),
      l.forward.dead === null ? '–' : pct(l.forward.dead),
      l.backward ? fmt(l.backward.preGradStd) : '–',
      l.backward ? fmt(l.backward.gradStd) : '–',
      l.backward ? fmt(l.backward.weightGradStd) : '–',
      m ? fmt(m.std) : '–',
      m ? fmt(m.preGradStd) : '–',
    ];
  });
  lines.push(...table([header, ...rows]));
  lines.push('');
  if (result.overflow) lines.push(`overflow: ${result.overflow.message}`);
  if (result.meanField) {
    const { chi1, depthScale } = result.meanField;
    const scale =
      depthScale === null
        ? 'critical: gradients keep their scale with depth'
        : depthScale === 0
          ? 'gradients vanish at once'
          : `gradients ${chi1 < 1 ? 'shrink' : 'grow'} e-fold every ${formatNumber(Math.abs(depthScale))} layers`;
    lines.push(`mean-field: χ₁ = ${formatNumber(chi1)}, ${scale}`);
  } else {
    lines.push('mean-field: does not apply to this init (deterministic or non-zero-mean weights)');
  }
  lines.push(`forward:  ${verdict.forward}${verdict.forwardRatio === null ? '' : ` (std(a_L)/std(a_1) = ${formatNumber(verdict.forwardRatio)})`}`);
  lines.push(`backward: ${verdict.backward}${verdict.backwardRatio === null ? '' : ` (std(δ_1)/std(δ_L) = ${formatNumber(verdict.backwardRatio)})`}`);
  lines.push(verdict.summary);
  return `${lines.join('\n')}\n`;
}

function fmt(x: number): string {
  return formatNumber(x);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}


// The readable tables of `init-lens sweep`.

import { getActivation } from '../../core/activations';
import type { Band } from '../../core/types';
import { formatNumber } from '../../diagnose/verdict';
import type { SweepResult } from '../../sweep/types';
import { table } from './table';

export function sweepText(result: SweepResult): string {
  const lines: string[] = [heading(result), result.engineNote, ''];
  switch (result.kind) {
    case 'schemes': {
      const header = ['scheme', 'activation', 'forward', 'backward', 'verdict fwd', 'verdict bwd', 'engine'];
      const rows = result.cells.map((c) => [c.schemeLabel, c.activation, ratio(c.forwardRatio), ratio(c.backwardRatio), c.verdict.forward, c.verdict.backward, c.engine]);
      lines.push(...table([header, ...rows]));
      break;
    }
    case 'gain': {
      const header = ['gain', 'σ_w²', 'χ₁', 'forward', 'backward', 'engine', 'MC forward p5–p95', 'MC backward p5–p95'];
      const rows = result.points.map((p) => [
        formatNumber(p.gain),
        formatNumber(p.gain * p.gain),
        p.chi1 === null ? '–' : formatNumber(p.chi1),
        ratio(p.forwardRatio),
        ratio(p.backwardRatio),
        p.engine,
        spread(p.monteCarlo?.forwardRatio ?? null, p.monteCarlo?.engine),
        spread(p.monteCarlo?.backwardRatio ?? null, p.monteCarlo?.engine),
      ]);
      lines.push(...table([header, ...rows]), '');
      lines.push(
        result.criticalGain === null
          ? 'critical gain: χ₁ does not cross 1 in this range'
          : `critical gain (χ₁ = 1): ${result.criticalGains.map((g) => `${formatNumber(g)} (σ_w² = ${formatNumber(g * g)})`).join(', ')}`,
      );
      if (result.currentGain !== null) lines.push(`your line: gain ${formatNumber(result.currentGain)}`);
      break;
    }
    case 'depth': {
      const header = ['depth', 'forward', 'backward', 'engine', 'MC forward p5–p95', 'MC backward p5–p95'];
      const rows = result.points.map((p) => [
        String(p.depth),
        ratio(p.forwardRatio),
        ratio(p.backwardRatio),
        p.engine,
        spread(p.monteCarlo?.forwardRatio ?? null, p.monteCarlo?.engine),
        spread(p.monteCarlo?.backwardRatio ?? null, p.monteCarlo?.engine),
      ]);
      lines.push(...table([header, ...rows]), '');
      const chi = result.chi1 === null ? '' : ` (χ₁ = ${formatNumber(result.chi1)})`;
      lines.push(result.chi1 === null ? 'depth scale: mean-field does not apply' : result.depthScale === null ? `depth scale ξ = ∞: critical${chi}` : `depth scale ξ = ${formatNumber(result.depthScale)} layers${chi}`);
      break;
    }
    case 'width': {
      const header = ['width', 'Σ 1/width', 'std p5', 'p50', 'p95', 'sd ln std', 'predicted', 'mean-field std', 'engine'];
      const rows = result.points.map((p) => [
        String(p.width),
        formatNumber(p.sumInverseWidth),
        formatNumber(p.std.p5),
        formatNumber(p.std.p50),
        formatNumber(p.std.p95),
        formatNumber(p.logStdSpread),
        p.predictedLogStdSpread === null ? '–' : formatNumber(p.predictedLogStdSpread),
        p.meanFieldStd === null ? '–' : formatNumber(p.meanFieldStd),
        p.engine,
      ]);
      lines.push(...table([header, ...rows]), '', `prediction: ${result.predictionNote}`);
      break;
    }
  }
  if (!result.complete) lines.push('', `interrupted: ${result.done} of ${result.total} runs finished; each row above names the engine behind its numbers (mean-field where its Monte Carlo run did not finish), missing rows were not computed`);
  lines.push(`${(result.elapsedMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

function heading(result: SweepResult): string {
  const r = result.request;
  const run = `batch ${r.batch} · ${r.draws} draw${r.draws === 1 ? '' : 's'} · seed ${r.seed}`;
  switch (r.kind) {
    case 'schemes':
      return `Schemes × activations · depth ${r.depth} · width ${r.width} · ${run}`;
    case 'gain':
      return `Gain sweep · ${getActivation(r.activation).label} · depth ${r.depth} · width ${r.width} · ${run}`;
    case 'depth':
      return `Depth sweep · ${r.initLabel} · ${getActivation(r.activation).label} · width ${r.width} · ${run}`;
    case 'width':
      return `Width sweep · ${r.initLabel} · ${getActivation(r.activation).label} · depth ${r.depth} · ${run}`;
  }
}

function ratio(x: number | null): string {
  return x === null ? '–' : formatNumber(x);
}

function spread(b: Band | null, engine: string | undefined): string {
  return b === null ? '–' : `${formatNumber(b.p5)}–${formatNumber(b.p95)} ${engine ?? ''}`.trim();
}

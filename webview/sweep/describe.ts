// The sweep in words: title, export file name, progress / cancelled line, engine names and the
// depth-scale caption. Shared by the header, the charts and the exports. Pure.

import { getActivation } from '../../src/core/activations';
import type { ActivationSpec } from '../../src/core/types';
import { activationLabel } from '../../src/panel/setup';
import type { SweepEngine, SweepResult, SweepRun } from '../../src/sweep/types';
import { formatValue, slug } from '../format';

const KIND_TITLE: Record<SweepResult['kind'], string> = {
  schemes: 'Schemes × activations',
  gain: 'Gain sweep',
  depth: 'Depth sweep',
  width: 'Width sweep',
};

function runPart(run: SweepRun): string[] {
  return [`batch ${run.batch}`, `${run.draws} draw${run.draws === 1 ? '' : 's'}`];
}

function biasPart(biasStd: number): string[] {
  return biasStd > 0 ? [`σ_b ${formatValue(biasStd)}`] : [];
}

/** "Schemes × activations · depth 50 · width 512 · batch 64 · 4 draws". */
export function sweepTitle(result: SweepResult): string {
  const r = result.request;
  const parts = [KIND_TITLE[result.kind]];
  switch (r.kind) {
    case 'schemes':
      parts.push(`depth ${r.depth}`, `width ${r.width}`, ...biasPart(r.biasStd));
      break;
    case 'gain':
      parts.push(activationLabel(r.activation), `depth ${r.depth}`, `width ${r.width}`, ...biasPart(r.biasStd));
      break;
    case 'depth':
      parts.push(r.initLabel, activationLabel(r.activation), `width ${r.width}`, ...biasPart(r.biasStd));
      break;
    case 'width':
      parts.push(r.initLabel, activationLabel(r.activation), `depth ${r.depth}`, ...biasPart(r.biasStd));
      break;
  }
  return [...parts, ...runPart(r)].join(' · ');
}

function activationSlug(spec: ActivationSpec): string {
  return slug(getActivation(spec).label);
}

/** "init-lens-sweep-gain-relu-50x512"; the caller adds ".csv", ".png" or ".json". */
export function exportBaseName(result: SweepResult): string {
  const r = result.request;
  switch (r.kind) {
    case 'schemes':
      return `init-lens-sweep-schemes-${r.depth}x${r.width}`;
    case 'gain':
      return `init-lens-sweep-gain-${activationSlug(r.activation)}-${r.depth}x${r.width}`;
    case 'depth':
      return `init-lens-sweep-depth-${slug(r.initLabel)}-${activationSlug(r.activation)}-w${r.width}`;
    case 'width':
      return `init-lens-sweep-width-${slug(r.initLabel)}-${activationSlug(r.activation)}-d${r.depth}`;
  }
}

/** What the sweep asked for and what it has so far, in its own unit. */
export function sweepCounts(result: SweepResult): { present: number; requested: number; unit: string } {
  const r = result.request;
  switch (r.kind) {
    case 'schemes':
      return { present: result.kind === 'schemes' ? result.cells.length : 0, requested: r.schemes.length * r.activations.length, unit: 'cells' };
    case 'gain':
      return { present: result.kind === 'gain' ? result.points.length : 0, requested: r.gains.length, unit: 'gains' };
    case 'depth':
      return { present: result.kind === 'depth' ? result.points.length : 0, requested: r.depths.length, unit: 'depths' };
    case 'width':
      return { present: result.kind === 'width' ? result.points.length : 0, requested: r.widths.length, unit: 'widths' };
  }
}

/** "420 ms", "3.2 s", "2 min 05 s". */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export type SweepState = 'running' | 'done' | 'cancelled';

export function sweepState(result: SweepResult, running: boolean): SweepState {
  if (running) return 'running';
  return result.complete ? 'done' : 'cancelled';
}

/** The line under the title: progress while running, "Cancelled: showing N of M …" after a cancel. */
export function statusText(result: SweepResult, running: boolean): string {
  const { present, requested, unit } = sweepCounts(result);
  const elapsed = formatElapsed(result.elapsedMs);
  switch (sweepState(result, running)) {
    case 'running':
      return `Running: ${result.done} / ${result.total} · ${present} of ${requested} ${unit} so far · ${elapsed}`;
    case 'done':
      return `Done: ${present} ${unit} in ${elapsed}`;
    case 'cancelled':
      return `Cancelled: showing ${present} of ${requested} ${unit} · ${elapsed}`;
  }
}

const ENGINE_LABEL: Record<SweepEngine, string> = {
  'mean-field': 'mean-field',
  dense: 'dense Monte Carlo',
  'matrix-free': 'matrix-free Monte Carlo',
};

export function engineLabel(engine: SweepEngine): string {
  return ENGINE_LABEL[engine];
}

/** "mean-field" or "mean-field / matrix-free Monte Carlo" when points differ. */
export function enginesLabel(engines: readonly SweepEngine[]): string {
  const distinct = [...new Set(engines)];
  return distinct.length === 0 ? 'no points yet' : distinct.map(engineLabel).join(' / ');
}

/** The depth sweep's caption on ξ = −1/ln χ₁ (or why there is none). */
export function depthScaleText(depthScale: number | null, chi1: number | null): string {
  if (chi1 === null) return 'No depth scale ξ: mean-field does not apply to this init and activation.';
  if (depthScale === null) return `Mean-field χ₁ = ${formatValue(chi1)}: critical: ξ = ∞, gradients neither vanish nor explode exponentially with depth.`;
  const trend = chi1 < 1 ? 'shrink' : 'grow';
  return `Mean-field χ₁ = ${formatValue(chi1)}: gradients ${trend} by a factor e every ξ = 1/|ln χ₁| = ${formatValue(Math.abs(depthScale))} layers.`;
}

/** The label of the ξ marker: "ξ = 12.3 layers". */
export function depthScaleLabel(depthScale: number): string {
  return `ξ = ${formatValue(Math.abs(depthScale))} layers`;
}

/** The label of the critical-gain marker(s). */
export function criticalGainLabel(gain: number, first: boolean): string {
  return first ? `critical gain g* = ${formatValue(gain)} (χ₁ = 1)` : `χ₁ = 1 at g = ${formatValue(gain)}`;
}

// Per-layer series the charts and the exports draw, taken from a SimulationResult. Log axes
// never see 0, NaN or ∞: such values become gaps (null), so a line breaks where values vanished
// to 0 or overflowed rather than diving to a fake value.

import type { Band, LayerResult, MeanFieldLayer, MeanFieldResult, SimulationResult } from '../src/core/types';

export interface Point {
  x: number;
  y: number | null;
}

export type StdKey = 'std' | 'preStd' | 'preGradStd' | 'weightGradStd';

export interface StdSeries {
  key: StdKey;
  /** Monte Carlo mean over draws; empty for a mean-field run (its layers are the theory itself). */
  monteCarlo: Point[];
  /** p5 and p95 across draws; null with a single draw. */
  band: { low: Point[]; high: Point[] } | null;
  /** Mean-field (infinite width) curve; null where mean-field does not apply. */
  meanField: Point[] | null;
}

/** More points than a chart is wide add nothing but time: long nets are thinned evenly. */
const MAX_POINTS = 1200;

export function positiveOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

/** Keeps every k-th layer (and the last) so that at most MAX_POINTS remain. */
export function thin<T>(items: readonly T[], max = MAX_POINTS): T[] {
  if (items.length <= max) return [...items];
  const step = Math.ceil(items.length / max);
  const kept = items.filter((_, i) => i % step === 0);
  if ((items.length - 1) % step !== 0) kept.push(items[items.length - 1]);
  return kept;
}

function monteCarloValue(layer: LayerResult, key: StdKey): number | null {
  if (key === 'std' || key === 'preStd') return layer.forward[key];
  return layer.backward?.[key] ?? null;
}

function bandOf(layer: LayerResult, key: StdKey): Band | null {
  return layer.band?.[key] ?? null;
}

export function stdSeries(result: SimulationResult, meanField: MeanFieldResult | null, key: StdKey): StdSeries {
  const layers = thin(result.layers);
  const isTheory = result.engine === 'mean-field';
  const monteCarlo = isTheory ? [] : layers.map((l) => ({ x: l.layer, y: positiveOrNull(monteCarloValue(l, key)) }));
  const hasBand = !isTheory && layers.some((l) => bandOf(l, key) !== null);
  const band = hasBand
    ? {
        low: layers.map((l) => ({ x: l.layer, y: positiveOrNull(bandOf(l, key)?.p5) })),
        high: layers.map((l) => ({ x: l.layer, y: positiveOrNull(bandOf(l, key)?.p95) })),
      }
    : null;
  const theory = meanField ?? result.meanField;
  return {
    key,
    monteCarlo,
    band,
    meanField: theory ? thin(theory.layers).map((l: MeanFieldLayer) => ({ x: l.layer, y: positiveOrNull(l[key]) })) : null,
  };
}

export interface FractionSeries {
  saturated: Point[] | null;
  dead: Point[] | null;
}

/** Saturated and dead fractions per layer; a series is null when the activation has no such notion. */
export function fractionSeries(result: SimulationResult): FractionSeries {
  const layers = thin(result.layers);
  const pick = (f: (l: LayerResult) => number | null): Point[] | null =>
    layers.some((l) => f(l) !== null) ? layers.map((l) => ({ x: l.layer, y: f(l) })) : null;
  return { saturated: pick((l) => l.forward.saturated), dead: pick((l) => l.forward.dead) };
}

/** The layers with a non-empty histogram in a direction (mean-field runs have none). */
export function hasHistograms(result: SimulationResult): boolean {
  return result.layers.some((l) => l.forward.histogram.counts.length > 0);
}

/** Up to `count` layer numbers spread evenly from the first to the last reached layer. */
export function evenlySpacedLayers(total: number, count: number): number[] {
  if (total <= 0) return [];
  if (total <= count) return Array.from({ length: total }, (_, i) => i + 1);
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(1 + Math.round((i * (total - 1)) / (count - 1)));
  return [...picked];
}

/** Final-layer Monte Carlo std relative to mean-field: the finite-width gap design.md §3 asks to flag. */
export function finiteWidthGap(result: SimulationResult, meanField: MeanFieldResult | null): { layer: number; ratio: number } | null {
  const theory = meanField ?? result.meanField;
  if (!theory || result.engine === 'mean-field') return null;
  const last = result.layers.at(-1);
  const theoryLast = theory.layers.find((l) => l.layer === last?.layer);
  if (!last || !theoryLast) return null;
  const mc = positiveOrNull(last.forward.std);
  const mf = positiveOrNull(theoryLast.std);
  if (mc === null || mf === null) return null;
  return { layer: last.layer, ratio: mc / mf };
}

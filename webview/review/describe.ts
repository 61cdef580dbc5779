// The review in the panel's words: verdict tones, before → after texts, the chart's series and
// description, the export file name. Phrases come from the host (the CLI's reviewPhrases.ts);
// this only arranges them. Pure.

import { formatNumber } from '../../src/diagnose/verdict';
import type { ReviewReportView, ReviewSideView, ReviewSiteView } from '../../src/review/panelProtocol';
import { formatValue, slug } from '../format';
import type { Point } from '../series';
import { TONE } from '../verdictTone';

export { TONE };


/** The version a reviewer looks at: after, or before for a removed site. */
export function shownSide(site: ReviewSiteView): ReviewSideView {
  return (site.shown === 'after' ? site.after : site.before) as ReviewSideView;
}

/** "vanishing", "not simulated", or "—" where the version does not exist. */
export function verdictWord(side: ReviewSideView | null, direction: 'forward' | 'backward'): string {
  if (!side) return '—';
  return side[direction] ?? 'not simulated';
}

export function ratioOf(side: ReviewSideView | null, direction: 'forward' | 'backward'): number | null {
  if (!side) return null;
  return direction === 'forward' ? side.forwardRatio : side.backwardRatio;
}

/** A ratio as the CLI prints it ("1.4e-6", "0.365"), so the panel and `init-lens review` agree. */
export function ratioWords(ratio: number): string {
  return formatNumber(ratio);
}

/** "vanishing (ratio 1.4e-6)", the CLI's wording. */
export function verdictText(side: ReviewSideView | null, direction: 'forward' | 'backward'): string {
  const word = verdictWord(side, direction);
  const ratio = ratioOf(side, direction);
  return ratio === null ? word : `${word} (ratio ${ratioWords(ratio)})`;
}

/** "forward vanishing → healthy, backward vanishing → healthy" for screen readers and the PNG heading. */
export function verdictChange(site: ReviewSiteView): string {
  const part = (d: 'forward' | 'backward') => `${d} ${verdictWord(site.before, d)} → ${verdictWord(site.after, d)}`;
  return `${part('forward')}, ${part('backward')}`;
}

/** "N(0, 0.01²) → Xavier normal", "— → He normal" (added), "N(0, 0.01²) → —" (removed). */
export function schemeChange(site: ReviewSiteView): string {
  const before = site.before?.scheme ?? '—';
  const after = site.after?.scheme ?? '—';
  return before === after ? before : `${before} → ${after}`;
}

/** The header's counts: "2 changed, 1 regressed" with the breakdown when it has more than one kind. */
export function countsText(report: ReviewReportView): string {
  const { added, modified, removed, changed, regressed } = report.counts;
  const parts = (
    [
      ['added', added],
      ['modified', modified],
      ['removed', removed],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return `${changed} changed${parts.length > 1 ? ` (${parts.join(', ')})` : ''}, ${regressed} regressed`;
}

/** Per-layer points of one version's forward std; log axes never see 0, NaN or ∞ (gaps instead). */
export function stdPoints(side: ReviewSideView | null): Point[] {
  if (!side) return [];
  return side.stds.map((std, i) => ({ x: i + 1, y: std !== null && Number.isFinite(std) && std > 0 ? std : null }));
}

export function drawnCount(points: readonly Point[]): number {
  return points.filter((p) => p.y !== null).length;
}

/** The chart's text alternative: each version's first and last std, and the verdict change. */
export function chartDescription(site: ReviewSiteView): string {
  const part = (label: string, side: ReviewSideView | null) => {
    if (!side) return `${label}: the site does not exist`;
    const points = stdPoints(side).filter((p) => p.y !== null);
    if (points.length === 0) return `${label} (${side.scheme}): not simulated`;
    const first = points[0];
    const last = points[points.length - 1];
    return `${label} (${side.scheme}): ${formatValue(first.y)} at layer ${first.x} to ${formatValue(last.y)} at layer ${last.x}`;
  };
  return `Forward std per layer, log scale. ${part('Before', site.before)}; ${part('After', site.after)}. ${verdictChange(site)}.`;
}

/** "init-lens-review-main-working-tree"; the caller adds ".png", ".csv" or ".json". */
export function exportBaseName(report: ReviewReportView): string {
  const name = slug(`init lens review ${report.base.ref} ${report.head.ref}`).replace(/\./g, '-');
  return name.replace(/-+/g, '-').slice(0, 80) || 'init-lens-review';
}

/** The PNG's heading: base → head, the counts, the site shown. */
export function pngHeading(report: ReviewReportView, site: ReviewSiteView | null): string[] {
  const lines = [`Init Lens review: ${report.base.words} → ${report.head.words}`, report.headline];
  if (site) lines.push(`${shownSide(site).location} · ${site.changeWords}${site.regressed ? ' · REGRESSED' : ''} · ${schemeChange(site)}`, verdictChange(site));
  return lines;
}

// The hover over an init site, as Markdown: what the network is, the per-layer chart, the
// verdict per direction, the mean-field constants, how it was computed and what was assumed.
// Everything interpolated is escaped: init texts and labels come from the user's code.

import type { Outcome, SiteAnalysis } from '../analysis/types';
import type { MeanFieldResult } from '../core/types';
import { formatNumber, type Verdict } from '../diagnose/verdict';
import { chartInput, hoverChartSvg, svgDataUri } from './hoverChart';
import { activationTitle, escapeMarkdown as esc, shapeText } from './labels';
import { verdictWord } from './lensTitle';

export function hoverMarkdown(analysis: SiteAnalysis, refined: Outcome | null): string {
  const network = analysis.network;
  const outcome = refined ?? analysis.meanField;
  const head = [analysis.initLabel, activationTitle(network), shapeText(network)].filter((p) => p !== '');
  const blocks: string[] = [`**${head.map(esc).join(' · ')}**`];

  if (outcome === null) {
    if (network.network === null) blocks.push(`Not simulated: ${esc(network.reason)}`);
    else if (analysis.quickRun) blocks.push(`Mean-field theory does not apply (${esc(analysis.meanFieldNote ?? 'deterministic weights')}); simulating…`);
    else blocks.push(`Not simulated: ${esc(analysis.meanFieldNote ?? 'mean-field theory does not apply and the network is too large for a quick run')}`);
  } else {
    const meanField = outcome.result.meanField ?? analysis.meanField?.result.meanField ?? null;
    const svg = hoverChartSvg(chartInput(outcome.result, meanField));
    blocks.push(`![Per-layer std of activations and gradients, log scale](${svgDataUri(svg)})`);
    blocks.push(directions(outcome.verdict));
    blocks.push(esc(outcome.verdict.summary));
    if (meanField) blocks.push(meanFieldLine(meanField));
    const engine = refined
      ? `${outcome.engine}: ${outcome.result.engineReason}`
      : analysis.quickRun
        ? 'mean-field; refining with a quick Monte Carlo run…'
        : 'mean-field only (too large for a quick Monte Carlo run)';
    blocks.push(`*Engine:* ${esc(engine)}`);
  }

  if (network.assumptions.length > 0) {
    blocks.push(`**Assumed** (set with \`# init-lens: depth=… width=… activation=…\`):\n${network.assumptions.map((a) => `- ${esc(a)}`).join('\n')}`);
  }
  const fix = analysis.fix?.label ?? outcome?.verdict.fix?.label;
  if (fix) blocks.push(`**Fix:** ${esc(fix)}`);
  return blocks.join('\n\n');
}

/** "**Forward:** vanishing (std ratio 2.3e-7, past 10× by layer 3) · **Backward:** …", and the worst word when they differ. */
function directions(verdict: Verdict): string {
  const forward: string[] = [];
  if (verdict.forwardRatio !== null) forward.push(`std ratio ${formatNumber(verdict.forwardRatio)}`);
  if (verdict.forwardOnset !== null) forward.push(`past 10× by layer ${verdict.forwardOnset}`);
  const backward: string[] = [];
  if (verdict.backwardRatio !== null) {
    backward.push(`δ ratio ${formatNumber(verdict.backwardRatio)}`);
    if (Math.abs(verdict.widthFactor - 1) > 1e-12) backward.push(`${formatNumber(verdict.backwardRatio / verdict.widthFactor)} after widths`);
  }
  const part = (name: string, word: string, details: string[]) => `**${name}:** ${esc(word)}${details.length > 0 ? ` (${esc(details.join(', '))})` : ''}`;
  // The one-word verdict adds something only when the directions disagree.
  const word = verdict.forward === verdict.backward ? '' : ` — ${esc(verdictWord(verdict))}`;
  return `${part('Forward', verdict.forward, forward)} · ${part('Backward', verdict.backward, backward)}${word}`;
}

/** χ₁ and the gradient depth scale ξ_∇ = −1/ln χ₁ (infinite at criticality). */
function meanFieldLine(meanField: MeanFieldResult): string {
  const chi1 = Number.isFinite(meanField.chi1) ? formatNumber(meanField.chi1) : String(meanField.chi1);
  const scale = meanField.depthScale === null ? '∞ (critical)' : `${formatNumber(meanField.depthScale)} layers`;
  const regime = meanField.chi1 < 1 ? 'ordered: gradients shrink' : meanField.chi1 > 1 ? 'chaotic: gradients grow' : 'critical';
  return esc(`Mean-field: χ₁ = ${chi1} (${regime}), gradient depth scale ξ = ${scale}`);
}

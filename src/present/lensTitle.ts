// The CodeLens summary above an init site, e.g.
//   He normal · ReLU · 20×512 · std 1.00→0.98 · healthy
//   N(0, 0.01) · tanh · 10×500 · activations vanish by layer 3 · gradients vanish (δ ratio 3e-7)
// Problems are worded as what happens to the network, not as verdict names.

import type { Outcome, SiteAnalysis } from '../analysis/types';
import { resolveInit } from '../core/schemes';
import type { LayerResult } from '../core/types';
import { DEFAULT_THRESHOLDS, type DirectionVerdict, type Verdict, type VerdictThresholds } from '../diagnose/verdict';
import type { DefaultKey } from '../model/network';
import { activationDisplay, activationTitle, clip, formatRatio, formatStd, shapeText } from './labels';

/** CodeLens titles get cut by the editor somewhere past this. */
export const MAX_TITLE = 90;
const SEP = ' · ';

/**
 * Worst first: the word for a site is its worst direction. Symmetric, dead and saturating come
 * before the ratios because they are causes: they explain what the gradients then do.
 */
const SEVERITY: readonly DirectionVerdict[] = ['symmetric', 'dead', 'saturating', 'exploding', 'vanishing', 'drifting', 'healthy'];
const FORWARD_ONLY: ReadonlySet<DirectionVerdict> = new Set(['symmetric', 'dead', 'saturating']);

/** One or two words for the whole verdict: "healthy", "vanishing", "vanishing gradients", "dead". */
export function verdictWord(verdict: Verdict): string {
  const rank = (v: DirectionVerdict) => SEVERITY.indexOf(v);
  const { forward, backward } = verdict;
  if (forward === backward || forward === 'symmetric') return forward;
  if (rank(backward) < rank(forward)) return `${backward} gradients`;
  // dead and saturating can only be forward verdicts, so they need no noun.
  return FORWARD_ONLY.has(forward) ? forward : `${forward} activations`;
}

export interface LensTitle {
  title: string;
  tooltip: string;
}

export function lensTitle(analysis: SiteAnalysis, refined: Outcome | null, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): LensTitle {
  const outcome = refined ?? analysis.meanField;
  const network = analysis.network;
  const head = [clip(analysis.initLabel, 28), activationTitle(network), shapeText(network)].filter((p) => p !== '');
  const assumptions = network.assumptions.length > 0 ? `\nAssumed: ${network.assumptions.join('; ')}.` : '';

  if (outcome === null) {
    if (network.network === null) {
      return { title: clip(`Not simulated: ${briefReason(analysis)}`, MAX_TITLE), tooltip: `Not simulated: ${network.reason}${assumptions}` };
    }
    const why = analysis.meanFieldNote ?? 'mean-field theory does not apply';
    if (analysis.quickRun) {
      return { title: fit([...head, 'simulating…'], []), tooltip: `Mean-field theory does not apply (${why}); running a quick Monte Carlo simulation…${assumptions}` };
    }
    return { title: clip(`Not simulated: ${why}`, MAX_TITLE), tooltip: `Not simulated: ${why}${assumptions}` };
  }

  const { verdict } = outcome;
  const parts = phrases(outcome, thresholds);
  const state = refined
    ? outcome.engine
    : analysis.quickRun
      ? 'mean-field; refining…'
      : 'mean-field only (too large for a quick Monte Carlo run)';
  return {
    title: fit(head, parts),
    tooltip: `${state}\n${verdict.summary}${assumptions}`,
  };
}

/**
 * The verdict part of the title, most important first: the forward consequence (or the std
 * trajectory when the forward pass is fine), then the backward one, then "healthy".
 */
function phrases(outcome: Outcome, t: VerdictThresholds): Phrase[] {
  const { verdict, result } = outcome;
  const layers = result.layers;
  const overflow = result.overflow ?? result.meanField?.overflow ?? null;
  const out: Phrase[] = [];
  const first = layers[0]?.forward.std;
  const last = layers.at(-1)?.forward.std;
  const trajectory = first !== undefined && last !== undefined ? `std ${formatStd(first)}→${formatStd(last)}` : null;

  switch (verdict.forward) {
    case 'symmetric':
      return [{ text: `symmetric: ${symmetricWeights(outcome)} weights`, optional: false }];
    case 'exploding':
      out.push({
        text:
          overflow?.direction === 'forward'
            ? `activations overflow at layer ${overflow.layer}`
            : `activations explode${verdict.forwardOnset ? ` by layer ${verdict.forwardOnset}` : ''}`,
        optional: false,
      });
      break;
    case 'vanishing':
      out.push({ text: `activations vanish${verdict.forwardOnset ? ` by layer ${verdict.forwardOnset}` : ''}`, optional: false });
      break;
    case 'dead': {
      const layer = worstLayer(layers, (l) => l.forward.dead, t.deadFraction);
      const fraction = layer?.forward.dead ?? 0;
      const units = layer && outcome.result.config.network.layers[layer.layer - 1]?.activation.name === 'relu' ? 'ReLUs' : 'units';
      out.push({ text: `${Math.round(fraction * 100)}% dead ${units}${layer ? ` at layer ${layer.layer}` : ''}`, optional: false });
      break;
    }
    case 'saturating': {
      const layer = worstLayer(layers, (l) => l.forward.saturated, t.saturatedFraction);
      const spec = layer ? outcome.result.config.network.layers[layer.layer - 1]?.activation : undefined;
      const name = spec ? activationDisplay(spec.name) : 'the activation';
      out.push({ text: `${name} saturates${layer ? ` at layer ${layer.layer}` : ''}`, optional: false });
      break;
    }
    case 'drifting':
      if (trajectory) out.push({ text: `${trajectory} (drifts)`, optional: false });
      break;
    case 'healthy':
      if (trajectory) out.push({ text: trajectory, optional: verdict.backward !== 'healthy' });
      break;
  }

  // The verdict judges δ₁/δ_L after the factor the widths alone impose, so the title shows that.
  const backwardRatio = verdict.backwardRatio === null ? null : verdict.backwardRatio / verdict.widthFactor;
  const ratio = backwardRatio === null ? '' : ` (δ ratio ${formatRatio(backwardRatio)})`;
  const gradients = (verb: string, optional: boolean): Phrase => ({ text: `gradients ${verb}${ratio}`, short: `gradients ${verb}`, optional });
  // A forward overflow already says it all: nothing meaningful reaches the backward pass.
  if (overflow?.direction === 'forward') return out;
  switch (verdict.backward) {
    case 'exploding':
      out.push(overflow?.direction === 'backward' ? { text: `gradients overflow at layer ${overflow.layer}`, optional: false } : gradients('explode', false));
      break;
    case 'vanishing':
      out.push(gradients('vanish', false));
      break;
    case 'drifting':
      out.push(gradients('drift', true));
      break;
    default:
      break;
  }
  if (verdict.forward === 'healthy' && verdict.backward === 'healthy') out.push({ text: 'healthy', optional: false });
  return out;
}

/** The first layer past the threshold, or the worst layer when the verdict used a stricter threshold. */
function worstLayer(layers: readonly LayerResult[], fraction: (l: LayerResult) => number | null, threshold: number): LayerResult | undefined {
  const over = layers.find((l) => (fraction(l) ?? 0) > threshold);
  if (over) return over;
  let worst: LayerResult | undefined;
  for (const l of layers) if ((fraction(l) ?? 0) > (worst ? (fraction(worst) ?? 0) : 0)) worst = l;
  return worst;
}

function symmetricWeights(outcome: Outcome): string {
  for (const l of outcome.result.config.network.layers) {
    const d = resolveInit(l.init, l.fanIn, l.fanOut);
    if (d.kind === 'constant') return d.value === 0 ? 'zero' : 'constant';
  }
  return 'constant';
}

interface Phrase {
  text: string;
  /** Used when the title is too long, e.g. without the ratio. */
  short?: string;
  /** Dropped when the title is still too long. */
  optional: boolean;
}

/** Joins head and phrases; to fit, shortens phrases, drops optional ones, then clips the init label. */
function fit(head: string[], parts: Phrase[]): string {
  let kept = parts.map((p) => p.text);
  const join = () => [...head, ...kept].join(SEP);
  if (join().length > MAX_TITLE) kept = parts.map((p) => p.short ?? p.text);
  if (join().length > MAX_TITLE) kept = parts.filter((p) => !p.optional).map((p) => p.short ?? p.text);
  if (join().length > MAX_TITLE && head.length > 0) head = [clip(head[0], 14), ...head.slice(1)];
  return clip(join(), MAX_TITLE);
}

/** "scale "s" unknown" for an unresolved expression, else the reason without its leading clause. */
function briefReason(analysis: SiteAnalysis): string {
  const unresolved = analysis.site.unresolved;
  if (unresolved.length > 0) return `scale ${unresolved.map((u) => `"${clip(u, 24)}"`).join(', ')} unknown`;
  const reason = analysis.network.reason ?? 'unknown reason';
  return reason.replace(/^the inferred network is invalid: /, 'invalid network: ');
}

const ASSUMED_ORDER: readonly DefaultKey[] = ['depth', 'width', 'activation'];

/**
 * "assumed: depth 10, width 512 — set…" above a site whose network relies on defaults, or null.
 * The batch is left out: every site without `# init-lens: batch=` assumes it, and it shapes
 * only the Monte Carlo noise, not the network.
 */
export function assumptionLensTitle(analysis: SiteAnalysis): string | null {
  const network = analysis.network;
  const keys = ASSUMED_ORDER.filter((k) => network.assumed.includes(k));
  if (keys.length === 0) return null;
  const { depth, activations } = network.summary;
  const values = keys.map((key) => {
    switch (key) {
      case 'depth':
        return depth > 0 ? `depth ${depth}` : 'depth';
      case 'width':
        return `width ${assumedWidth(network) ?? '?'}`;
      default:
        return activations.length > 0 ? `activation ${activationDisplay(activations[0])}` : 'activation';
    }
  });
  return clip(`assumed: ${values.join(', ')} — set…`, MAX_TITLE);
}

/** The width default the network used, as its assumption names it ("input width 512", "layer 3 width 512"). */
function assumedWidth(network: SiteAnalysis['network']): number | undefined {
  for (const text of network.assumptions) {
    const match = /^(?:input |layer \d+ )?width (\d+)\b.*\(assumed/.exec(text);
    if (match) return Number(match[1]);
  }
  return network.summary.widths.at(-1);
}

// The verdict in words: the summary, a badge per direction with its ratio, χ₁ and the depth
// scale with one line on what they mean, the engine and why it was chosen, the finite-width gap,
// and the assumptions the network rests on.

import type { DirectionVerdict, Verdict } from '../src/diagnose/verdict';
import type { RunOutcome } from '../src/panel/protocol';
import { h, replaceChildren } from './dom';
import { formatRatio, formatValue } from './format';
import { finiteWidthGap } from './series';
import { TONE } from './verdictTone';


function badge(direction: string, verdict: DirectionVerdict, ratio: number | null, ratioText: string): HTMLElement {
  return h(
    'span',
    { class: `badge tone-${TONE[verdict]}`, title: ratioText },
    h('span', { class: 'badge-direction' }, direction),
    ' ',
    h('strong', {}, verdict),
    ratio === null ? null : h('span', { class: 'badge-ratio' }, ` ratio ${formatRatio(ratio)}`),
  );
}

function badges(verdict: Verdict): HTMLElement {
  return h(
    'div',
    { class: 'badges' },
    badge('Forward', verdict.forward, verdict.forwardRatio, 'std(a_L) / std(a_1): healthy between 0.5 and 2'),
    badge('Backward', verdict.backward, verdict.backwardRatio, 'std(δ_1) / std(δ_L): the gradient reaching layer 1 relative to the last layer'),
  );
}

function meanFieldLine(outcome: RunOutcome): HTMLElement {
  const theory = outcome.meanField ?? outcome.result.meanField;
  if (!theory) {
    return h('p', { class: 'theory' }, 'Mean-field theory does not apply to these weights (deterministic, such as a constant or identity init, or with a non-zero mean), so there is no χ₁ or dashed curve.');
  }
  // ξ = −1/ln χ₁ is negative when χ₁ > 1 (growth); its size is what the user reads.
  const depthScale = theory.depthScale === null ? '∞ (critical)' : `${formatValue(Math.abs(theory.depthScale))} layers`;
  return h(
    'div',
    { class: 'theory' },
    h('p', {}, h('strong', {}, `χ₁ = ${formatValue(theory.chi1)}`), ' · ', h('strong', {}, `depth scale ξ = ${depthScale}`)),
    h(
      'p',
      { class: 'muted' },
      'χ₁ is the factor by which each layer multiplies a gradient’s variance at the fixed point: below 1 gradients vanish, above 1 they explode, and ξ = 1/|ln χ₁| is how many layers it takes to change them by a factor e.',
    ),
  );
}

function engineLine(outcome: RunOutcome): HTMLElement {
  const options = outcome.result.config.options;
  const runText = outcome.result.engine === 'mean-field' ? '' : ` · batch ${options.batch}, ${options.seeds} draw${options.seeds === 1 ? '' : 's'}, seed ${options.seed}`;
  return h('p', { class: 'engine' }, h('strong', {}, `Engine: ${outcome.result.engine}`), runText, h('br'), h('span', { class: 'muted' }, outcome.engineReason || outcome.result.engineReason));
}

function gapLine(outcome: RunOutcome): HTMLElement | null {
  const gap = finiteWidthGap(outcome.result, outcome.meanField);
  // A factor of 2 is well past draw-to-draw noise at the widths people simulate.
  if (!gap || (gap.ratio > 0.5 && gap.ratio < 2)) return null;
  const where = gap.ratio < 1 ? `${formatValue(1 / gap.ratio)}× below` : `${formatValue(gap.ratio)}× above`;
  return h(
    'p',
    { class: 'note warning' },
    `Finite width: at layer ${gap.layer} the Monte Carlo std sits ${where} the mean-field line. Infinite-width theory gets the expected variance right, but a typical finite-width draw can be far from it.`,
  );
}

export class VerdictView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly compareBody: HTMLElement;
  private readonly assumptions: HTMLElement;

  constructor() {
    this.body = h('div', { class: 'verdict-main' }, h('p', { class: 'placeholder' }, 'Waiting for the first simulation…'));
    this.compareBody = h('div', { class: 'verdict-compare' });
    this.assumptions = h('div', { class: 'assumptions' });
    this.element = h('section', { class: 'card verdict', 'aria-label': 'Verdict', 'aria-live': 'polite' }, h('h3', {}, 'Verdict'), this.body, this.compareBody, this.assumptions);
  }

  update(main: RunOutcome | null, compare: RunOutcome | null, compareName: string | null, assumptions: string[]): void {
    if (main) {
      replaceChildren(this.body, badges(main.verdict), h('p', { class: 'summary' }, main.verdict.summary), gapLine(main), meanFieldLine(main), engineLine(main));
    }
    if (compare && compareName) {
      replaceChildren(
        this.compareBody,
        h('h4', {}, `Compare: ${compareName}`),
        badges(compare.verdict),
        h('p', { class: 'summary' }, compare.verdict.summary),
      );
    } else {
      replaceChildren(this.compareBody);
    }
    const list =
      assumptions.length === 0
        ? h('p', { class: 'muted' }, 'No assumptions: every part of the network came from the code.')
        : h('ul', {}, ...assumptions.map((a) => h('li', {}, a)));
    replaceChildren(this.assumptions, h('h4', {}, 'Assumptions'), list);
  }
}

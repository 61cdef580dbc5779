// Short labels shared by the CodeLens title and the hover: numbers, activation names, the
// network's shape with `?` on assumed values, and Markdown escaping of user-derived text.

import type { SiteNetwork } from '../model/network';

/** How people write activation names, e.g. "ReLU", "leaky ReLU(0.2)"; tanh/sigmoid stay lower case. */
const ACTIVATION_DISPLAY: Readonly<Record<string, string>> = {
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  gelu: 'GELU',
  gelu_tanh: 'GELU(tanh)',
  silu: 'SiLU',
  selu: 'SELU',
  elu: 'ELU',
  mish: 'Mish',
};

/** "leaky_relu(0.2)" (an Activation label) → "leaky ReLU(0.2)". */
export function activationDisplay(label: string): string {
  const open = label.indexOf('(');
  const name = open < 0 ? label : label.slice(0, open);
  const display = ACTIVATION_DISPLAY[name];
  if (display === undefined) return label;
  // gelu_tanh already carries its parenthesis; any parameter follows it.
  return display + (open < 0 ? '' : label.slice(open));
}

/** The network's activations in a few characters: "ReLU", "ReLU/linear", "ReLU/tanh/…". */
export function activationsText(labels: readonly string[]): string {
  const unique = [...new Set(labels)].map(activationDisplay);
  if (unique.length <= 2) return unique.join('/');
  return `${unique.slice(0, 2).join('/')}/…`;
}

/** A std for a title: two decimals near 1 ("1.00", "0.98"), exponent form far from it ("2.3e-7"). */
export function formatStd(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1 && abs < 100) return x.toFixed(2);
  if (abs >= 0.01 && abs < 1) return x.toPrecision(2);
  if (abs >= 100 && abs < 1000) return x.toFixed(0);
  return x.toExponential(1).replace('e+', 'e');
}

/** A ratio in as few characters as possible: "0.31", "1e-5", "3e4". */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 0.01 && abs < 1000) return String(Number(x.toPrecision(2)));
  return x.toExponential(0).replace('e+', 'e');
}

/**
 * "20×512" for a square net (depth × width), "784→512→256→10" for a stack, and
 * "784→…→512, 20 layers" when the chain is too long for a title. Assumed values get a `?`.
 */
export function shapeText(network: SiteNetwork): string {
  const { depth, widths } = network.summary;
  if (depth === 0 || widths.length === 0) return '';
  const depthMark = network.assumed.includes('depth') ? '?' : '';
  const widthMark = network.assumed.includes('width') ? '?' : '';
  const square = widths.every((w) => w === widths[0]);
  if (square) return `${depth}${depthMark}×${widths[0]}${widthMark}`;
  const chain = widths.length <= 6 ? widths.join('→') : `${widths[0]}→…→${widths[widths.length - 1]}, ${depth}${depthMark} layers`;
  return chain + (widths.length <= 6 ? depthMark : '') + widthMark;
}

/** The activation part of a title, with `?` when it is the assumed default. */
export function activationTitle(network: SiteNetwork): string {
  const text = activationsText(network.summary.activations);
  return text === '' ? '' : text + (network.assumed.includes('activation') ? '?' : '');
}

/**
 * Backslash-escapes CommonMark punctuation in text that comes from the user's code (init text,
 * labels, assumption notes), so `*`, `_` and backticks show literally; newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-!|~&]/g, (c) => `\\${c}`);
}

/** Cuts text to at most `max` characters, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

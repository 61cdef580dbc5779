// Small pieces of Python source text that every idiom writes: number literals, operands
// that keep their meaning inside a larger expression, and quoted strings.

import type { SyntaxNode } from '../parse/syntax';

/** A Python literal for a finite number: shortest round-trip digits, so it reads back exactly. */
export function pyNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} as a Python number`);
  if (Object.is(x, -0)) return '0';
  // JS and Python share the round-trip format except for exponents ("1e-7" is valid in both).
  return String(x);
}

/** Node kinds that bind tighter than any operator we put around them. */
const ATOMIC = new Set([
  'VariableName',
  'Number',
  'MemberExpression',
  'CallExpression',
  'SubscriptExpression',
  'ParenthesizedExpression',
  'TupleExpression',
  'ArrayExpression',
  'String',
]);

/** `text` as an operand of `/`, `*` or `+`: parenthesized unless it is already atomic. */
export function operand(text: string, node?: SyntaxNode | null): string {
  if (node && ATOMIC.has(node.name)) return text;
  if (!node && /^[A-Za-z_][\w.]*$|^\d+(\.\d+)?$/.test(text)) return text;
  return `(${text})`;
}

/** A Python string literal in the quote style the code already uses. */
export function pyString(value: string, quote: string): string {
  return `${quote}${value}${quote}`;
}

/** The line ending of the line holding `offset`, or the text's first one ("\n" when none). */
export function lineEnding(text: string, offset = 0): string {
  const nl = text.indexOf('\n', offset);
  const at = nl >= 0 ? nl : text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/** Start offset of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset where the line holding `offset` ends (before "\r\n" or "\n"). */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** The leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Collapses a possibly multi-line call into one line for titles, clipped to `max` characters. */
export function oneLine(text: string, max = 100): string {
  const flat = text
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/,\s*\)/g, ')')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A constant as people write it: "2", "5 / 3", "2 ** 0.5", else the round-trip literal. */
export function pyRatio(x: number): string {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15 * Math.max(1, Math.abs(b));
  if (Number.isInteger(x)) return pyNumber(x);
  for (let q = 2; q <= 12; q++) {
    const p = Math.round(x * q);
    if (p !== 0 && close(x, p / q)) return `${p} / ${q}`;
  }
  if (x > 0) {
    for (let q = 1; q <= 12; q++) {
      const p = Math.round(x * x * q);
      if (p > 0 && close(x * x, p / q) && !Number.isInteger(Math.sqrt(p / q))) return q === 1 ? `${p} ** 0.5` : `(${p} / ${q}) ** 0.5`;
    }
  }
  return pyNumber(x);
}

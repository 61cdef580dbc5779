// The Python the layer-width loops lean on, evaluated without running it: comparisons
// (`i == 0`, `i < L - 1`), `and`/`or`, slices (`dims[:-1]`, `sizes[1:]`) and the builtins
// zip, enumerate, list, tuple, reversed, min, max and sum.

import type { Value } from '../evaluate';
import { callArgs, childrenOf, type SourceFile, type SyntaxNode } from '../syntax';

/** What these rules need from the evaluator that calls them. */
export interface Evaluator {
  readonly file: SourceFile;
  evaluate(node: SyntaxNode | null | undefined): Value | null;
  number(node: SyntaxNode | null | undefined): number | null;
  text(node: { from: number; to: number }): string;
  isBound(name: string): boolean;
}

/** Comparisons and boolean operators; undefined for any other binary expression. */
export function comparison(ev: Evaluator, node: SyntaxNode): Value | null | undefined {
  const [left, op, right] = childrenOf(node);
  if (!left || !op || !right) return undefined;
  if (op.name === 'and' || op.name === 'or') {
    const a = ev.evaluate(left);
    const b = ev.evaluate(right);
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return null;
    return op.name === 'and' ? a && b : a || b;
  }
  if (op.name !== 'CompareOp') return undefined;
  const a = ev.evaluate(left);
  const b = ev.evaluate(right);
  if (a === null || b === null) return null;
  switch (ev.text(op)) {
    case '==':
      return JSON.stringify(a) === JSON.stringify(b);
    case '!=':
      return JSON.stringify(a) !== JSON.stringify(b);
  }
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  switch (ev.text(op)) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return null;
  }
}

/** `seq[a:b:c]` on a list or tuple. */
export function slice(ev: Evaluator, object: SyntaxNode, inside: SyntaxNode[]): Value | null {
  const seq = ev.evaluate(object);
  if (!Array.isArray(seq)) return null;
  // Split `a:b:c` into its three parts; empty parts are defaults.
  const parts: (SyntaxNode | null)[] = [null];
  for (const k of inside) {
    if (k.name === ':') parts.push(null);
    else parts[parts.length - 1] = k;
  }
  const bounds = parts.map((p) => (p ? ev.number(p) : null));
  if (parts.some((p, i) => p !== null && bounds[i] === null)) return null;
  const step = bounds[2] ?? 1;
  if (step === 0 || !Number.isInteger(step)) return null;
  const n = seq.length;
  const clamp = (v: number | null, fallback: number) => {
    if (v === null) return fallback;
    const i = v < 0 ? v + n : v;
    return step > 0 ? Math.min(Math.max(i, 0), n) : Math.min(Math.max(i, -1), n - 1);
  };
  const start = clamp(bounds[0], step > 0 ? 0 : n - 1);
  const stop = clamp(bounds[1], step > 0 ? n : -1);
  const out: Value[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(seq[i]);
  return out;
}

/** zip, enumerate, list, tuple, reversed, min, max, sum; undefined for any other call. */
export function builtin(ev: Evaluator, node: SyntaxNode): Value | null | undefined {
  const callee = node.firstChild;
  if (callee?.name !== 'VariableName') return undefined;
  const name = ev.text(callee);
  // A file that defines its own zip or min means something else by it.
  if (ev.isBound(name)) return undefined;
  const args = callArgs(ev.file, node);
  const values = () => args.positional.map((a) => ev.evaluate(a));
  switch (name) {
    case 'zip': {
      const seqs = values();
      if (seqs.length === 0 || seqs.some((s) => !Array.isArray(s))) return null;
      const arrays = seqs as Value[][];
      const n = Math.min(...arrays.map((a) => a.length));
      return Array.from({ length: n }, (_, i) => arrays.map((a) => a[i]));
    }
    case 'enumerate': {
      const [seq, start] = values();
      if (!Array.isArray(seq)) return null;
      const offset = typeof start === 'number' ? start : 0;
      return seq.map((v, i) => [i + offset, v]);
    }
    case 'list':
    case 'tuple': {
      const [seq] = values();
      return Array.isArray(seq) ? seq : null;
    }
    case 'reversed': {
      const [seq] = values();
      return Array.isArray(seq) ? [...seq].reverse() : null;
    }
    case 'min':
    case 'max':
    case 'sum': {
      const vs = values();
      const flat = vs.length === 1 && Array.isArray(vs[0]) ? vs[0] : vs;
      if (flat.length === 0 || flat.some((v) => typeof v !== 'number')) return null;
      const nums = flat as number[];
      return name === 'min' ? Math.min(...nums) : name === 'max' ? Math.max(...nums) : nums.reduce((a, b) => a + b, 0);
    }
    default:
      return undefined;
  }
}

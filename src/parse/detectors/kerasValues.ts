// Values and shapes as the code states them, for the layer readers: constants in scope, loop
// variables of an unrolled `for`, Flax dataclass field defaults, shape tuples with None, and
// how conv/pool windows, Flatten and reshape change a feature shape.

import type { Value } from '../evaluate';
import { callArgs, childrenOf, dottedName, textOf, type SourceFile, type SyntaxNode } from '../syntax';
import type { Op, ReadContext } from './kerasStack';

export type Dim = number | null;
/** Feature shape without the batch axis; null when even the rank is unknown. */
export type Shape = Dim[] | null;

export interface ConvGeometry {
  /** Kernel size per spatial axis (null where unevaluable). */
  kernel: Dim[];
  strides: Dim[];
  padding: 'same' | 'valid' | null;
  dilation: Dim[];
  channelsFirst: boolean;
}

// ── Values ──────────────────────────────────────────────────────────────────────────────

/** A value as the code states it: loop variables, constants in scope, Flax/dataclass field defaults. */
export function valueOf(rc: ReadContext, node: SyntaxNode | null | undefined): Value | null {
  if (!node) return null;
  const file = rc.ctx.file;
  if (node.name === 'VariableName') {
    const loop = rc.loopVars.get(textOf(file, node));
    if (loop !== undefined) return loop;
  }
  const value = rc.ctx.scope.evaluate(node);
  if (value !== null) return value;
  const name = dottedName(file, node);
  if (name?.startsWith('self.') && !name.slice(5).includes('.')) return rc.bindings.classField(name.slice(5), node.from);
  return null;
}

export function numberOf(rc: ReadContext, node: SyntaxNode | null | undefined): number | null {
  const v = valueOf(rc, node);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function stringOf(rc: ReadContext, node: SyntaxNode | null | undefined): string | null {
  const v = valueOf(rc, node);
  return typeof v === 'string' ? v : null;
}

export function isNone(file: SourceFile, node: SyntaxNode | null | undefined): boolean {
  return !!node && node.name === 'None' && textOf(file, node) === 'None';
}

/** `(None, 784)`, `[28, 28, 1]`, `784` → dims (None → null); null when not a shape. */
export function shapeOf(rc: ReadContext, node: SyntaxNode | null | undefined): Shape {
  if (!node) return null;
  if (node.name === 'TupleExpression' || node.name === 'ArrayExpression') {
    const items = childrenOf(node).filter((k) => !['(', ')', '[', ']', ','].includes(k.name));
    return items.map((k) => (isNone(rc.ctx.file, k) ? null : integerOrNull(numberOf(rc, k))));
  }
  if (node.name === 'ParenthesizedExpression') return shapeOf(rc, childrenOf(node)[1]);
  const v = valueOf(rc, node);
  if (typeof v === 'number') return [integerOrNull(v)];
  if (Array.isArray(v)) return v.map((d) => (typeof d === 'number' ? integerOrNull(d) : null));
  return null;
}

function integerOrNull(v: number | null): Dim {
  return v !== null && Number.isInteger(v) && v >= 1 ? v : null;
}

/** An int or a tuple of ints (kernel_size=3, strides=(2, 2)) repeated to `rank` axes. */
export function perAxis(rc: ReadContext, node: SyntaxNode | null | undefined, rank: number, fallback: Dim): Dim[] {
  if (!node) return Array<Dim>(rank).fill(fallback);
  const shape = shapeOf(rc, node);
  if (shape && shape.length === 1) return Array<Dim>(rank).fill(shape[0]);
  if (shape && shape.length === rank) return shape;
  return Array<Dim>(rank).fill(null);
}

// ── Shapes through layers ───────────────────────────────────────────────────────────────

/** Output length of a conv or pooling window along one axis (Keras/Flax 'same'/'valid'). */
function windowOutput(size: Dim, kernel: Dim, stride: Dim, dilation: Dim, padding: 'same' | 'valid' | null): Dim {
  if (size === null || stride === null || dilation === null || padding === null) return null;
  if (padding === 'same') return Math.ceil(size / stride);
  if (kernel === null) return null;
  const out = Math.floor((size - dilation * (kernel - 1) - 1) / stride) + 1;
  return out >= 1 ? out : null;
}

export function windowShape(shape: Shape, geometry: ConvGeometry, channels: Dim): Shape {
  const rank = geometry.kernel.length;
  const spatial = shape && shape.length === rank + 1 ? (geometry.channelsFirst ? shape.slice(1) : shape.slice(0, -1)) : Array<Dim>(rank).fill(null);
  const out = spatial.map((size, i) => windowOutput(size, geometry.kernel[i], geometry.strides[i] ?? 1, geometry.dilation[i] ?? 1, geometry.padding));
  return geometry.channelsFirst ? [channels, ...out] : [...out, channels];
}

export function channelsOf(shape: Shape, channelsFirst = false): Dim {
  if (!shape || shape.length === 0) return null;
  return channelsFirst ? shape[0] : shape[shape.length - 1];
}

export const flatten = (shape: Shape): Shape => (shape && shape.every((d) => d !== null) ? [shape.reduce<number>((p, d) => p * (d ?? 1), 1)] : [null]);

/** A layer whose effect on the width we do not model: the width is unknown after it. */
export const unknownLayer = (source: string): Op => ({ kind: 'shape', transform: () => null, source });

/** Past this a loop counts as unknown (depth 10⁶ must not hang). */
export const MAX_UNROLL = 4096;

/** What a `for` iterates over; range() bounds may be loop variables or Flax fields (self.depth). */
export function iterationValues(rc: ReadContext, node: SyntaxNode | undefined): Value | null {
  if (node?.name === 'CallExpression' && node.firstChild && textOf(rc.ctx.file, node.firstChild) === 'range') {
    const bounds = callArgs(rc.ctx.file, node).positional.map((a) => numberOf(rc, a));
    if (bounds.length === 0 || bounds.length > 3 || bounds.some((b) => b === null || !Number.isInteger(b))) return null;
    const [start, stop, step] = bounds.length === 1 ? [0, bounds[0] as number, 1] : [bounds[0] as number, bounds[1] as number, (bounds[2] ?? 1) as number];
    if (step === 0) return null;
    const count = Math.max(0, Math.ceil((stop - start) / step));
    // Too many to unroll: the caller treats the count as unknown.
    if (count > MAX_UNROLL) return null;
    return Array.from({ length: count }, (_, i) => start + i * step);
  }
  return valueOf(rc, node);
}

export function withLoopVar(rc: ReadContext, name: string, value: Value): ReadContext {
  const loopVars = new Map(rc.loopVars);
  loopVars.set(name, value);
  return { ...rc, loopVars };
}

/** reshape((batch, -1)) flattens; a fully known target shape (batch first) is taken as is. */
export function reshapeOp(rc: ReadContext, args: SyntaxNode[], source: string): Op {
  const target = args.length === 1 ? shapeOf(rc, args[0]) : args.map((a) => shapeOf(rc, a)?.[0] ?? null);
  const lastIsRest = (args.length === 1 ? lastItemText(rc, args[0]) : args.length > 0 ? textOf(rc.ctx.file, args[args.length - 1]) : '') === '-1';
  if (lastIsRest && (args.length === 2 || (args.length === 1 && target?.length === 2))) return { kind: 'shape', transform: flatten, source };
  if (target && target.length >= 2 && target.slice(1).every((d) => d !== null)) return { kind: 'shape', transform: () => target.slice(1), source };
  return unknownLayer(source);
}

function lastItemText(rc: ReadContext, node: SyntaxNode): string {
  const items = childrenOf(node).filter((k) => !['(', ')', '[', ']', ','].includes(k.name));
  const last = items[items.length - 1];
  return last ? textOf(rc.ctx.file, last).replace(/\s/g, '') : '';
}

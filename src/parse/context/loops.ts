// Loops as network context: `for i in range(L)`, `for fan_in, fan_out in zip(dims[:-1], dims[1:])`
// and list comprehensions. A loop's iterations, with each loop variable's value, give the depth
// and let per-layer shapes and scales be evaluated one layer at a time.

import type { Value } from '../evaluate';
import { childrenOf, positionAt, textOf, walk, type SourceFile, type SyntaxNode } from '../syntax';

export interface Loop {
  /** ForStatement or a comprehension. */
  node: SyntaxNode;
  /** The `for` targets: names or tuples of names. */
  targets: SyntaxNode[];
  iterable: SyntaxNode | null;
  /** The statements (ForStatement) or element expression (comprehension) repeated per iteration. */
  body: SyntaxNode | null;
}

export interface Iterations {
  count: number;
  /** Each iteration's loop-variable values; null when only the count is known. */
  pins: Map<string, Value>[] | null;
}

const COMPREHENSIONS = ['ArrayComprehensionExpression', 'SetComprehensionExpression', 'DictionaryComprehensionExpression', 'ComprehensionExpression'];
/** Evaluating a layer at a time is linear in the iterations; beyond this only the count is kept. */
const MAX_PINNED_ITERATIONS = 4096;

export function isLoopNode(node: SyntaxNode): boolean {
  return node.name === 'ForStatement' || COMPREHENSIONS.includes(node.name);
}

export function loopOf(node: SyntaxNode): Loop | null {
  if (!isLoopNode(node)) return null;
  const kids = childrenOf(node);
  const forAt = kids.findIndex((k) => k.name === 'for');
  const inAt = kids.findIndex((k, i) => i > forAt && k.name === 'in');
  if (forAt < 0 || inAt < 0) return null;
  const targets = kids.slice(forAt + 1, inAt).filter((k) => k.name !== ',');
  const iterable = kids[inAt + 1] ?? null;
  const body = node.name === 'ForStatement' ? (node.getChild('Body') ?? null) : (kids.find((k) => !['[', '{', '('].includes(k.name)) ?? null);
  return { node, targets, iterable, body };
}

/** Loops around `node`, innermost first, within its function. */
export function enclosingLoops(node: SyntaxNode): Loop[] {
  const loops: Loop[] = [];
  for (let p: SyntaxNode | null = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition' || p.name === 'LambdaExpression') break;
    const loop = loopOf(p);
    // The iterable is evaluated once, outside the repetition.
    if (loop && !(loop.iterable && node.from >= loop.iterable.from && node.to <= loop.iterable.to)) loops.push(loop);
  }
  return loops;
}

/** The innermost loop around `node`, or null. */
export function innermostLoop(node: SyntaxNode): Loop | null {
  return enclosingLoops(node)[0] ?? null;
}

/** `for i in range(len(hidden_layer_sizes))` — the loop header as written. */
export function loopHeader(file: SourceFile, loop: Loop): string {
  const kids = childrenOf(loop.node);
  const forNode = kids.find((k) => k.name === 'for');
  const end = loop.iterable?.to ?? forNode?.to ?? loop.node.to;
  return textOf(file, { from: forNode?.from ?? loop.node.from, to: end }).replace(/\s+/g, ' ');
}

/** 1-based line of the loop header. */
export function loopLine(file: SourceFile, loop: Loop): number {
  const forNode = childrenOf(loop.node).find((k) => k.name === 'for');
  return positionAt(file, forNode?.from ?? loop.node.from).line + 1;
}

/** The loop's iterations with each variable's value, when the iterable can be evaluated. */
export function loopIterations(file: SourceFile, loop: Loop, evaluate: (node: SyntaxNode) => Value | null): Iterations | null {
  if (!loop.iterable) return null;
  const zipped = loop.targets.length > 1 ? zipIterations(file, loop, evaluate) : null;
  if (zipped) return zipped;
  const items = evaluate(loop.iterable);
  if (!Array.isArray(items)) return null;
  if (items.length > MAX_PINNED_ITERATIONS) return { count: items.length, pins: null };
  const pins: Map<string, Value>[] = [];
  for (const item of items) {
    const values = new Map<string, Value>();
    const ok = loop.targets.length === 1 ? bind(file, loop.targets[0], item, values) : bindAll(file, loop.targets, item, values);
    if (!ok) return { count: items.length, pins: null };
    pins.push(values);
  }
  return { count: items.length, pins };
}

/**
 * `for k, (m, n) in zip(keys, zip(dims[:-1], dims[1:]))` where `keys` (PRNG keys) cannot be
 * evaluated: the lists that can be give the count and their variables; the others stay unknown.
 */
function zipIterations(file: SourceFile, loop: Loop, evaluate: (node: SyntaxNode) => Value | null): Iterations | null {
  const iterable = loop.iterable;
  if (iterable?.name !== 'CallExpression' || textOf(file, iterable.firstChild ?? iterable) !== 'zip') return null;
  const list = iterable.getChild('ArgList');
  const args = list ? childrenOf(list).filter((k) => !['(', ')', ','].includes(k.name)) : [];
  if (args.length !== loop.targets.length || args.some((a) => a.name === '*' || a.name === '**')) return null;
  const lists = args.map((a) => evaluate(a));
  if (lists.every((l) => Array.isArray(l))) return null; // the plain path handles it
  const known = lists.filter((l): l is Value[] => Array.isArray(l));
  if (known.length === 0) return null;
  const count = Math.min(...known.map((l) => l.length));
  if (count > MAX_PINNED_ITERATIONS) return { count, pins: null };
  const pins: Map<string, Value>[] = [];
  for (let i = 0; i < count; i++) {
    const values = new Map<string, Value>();
    for (let j = 0; j < args.length; j++) {
      const l = lists[j];
      if (Array.isArray(l) && !bind(file, loop.targets[j], l[i], values)) return { count, pins: null };
    }
    pins.push(values);
  }
  return { count, pins };
}

/** Names bound by the loop header. */
export function loopNames(file: SourceFile, loop: Loop): string[] {
  const names: string[] = [];
  for (const t of loop.targets) {
    walk(t, (n) => {
      if (n.name === 'VariableName') names.push(textOf(file, n));
    });
  }
  return names;
}

function bindAll(file: SourceFile, targets: SyntaxNode[], value: Value, into: Map<string, Value>): boolean {
  if (!Array.isArray(value) || value.length !== targets.length) return false;
  return targets.every((t, i) => bind(file, t, value[i], into));
}

function bind(file: SourceFile, target: SyntaxNode, value: Value, into: Map<string, Value>): boolean {
  if (target.name === 'VariableName') {
    into.set(textOf(file, target), value);
    return true;
  }
  if (target.name === 'TupleExpression' || target.name === 'ParenthesizedExpression' || target.name === 'ArrayExpression') {
    const parts = childrenOf(target).filter((k) => !['(', ')', '[', ']', ','].includes(k.name));
    return bindAll(file, parts, value, into);
  }
  return false;
}

/** Compact texts of every assignment target (and its subscript base) inside `region`. */
export function assignedIn(file: SourceFile, region: SyntaxNode): Set<string> {
  const out = new Set<string>();
  walk(region, (node) => {
    if (node.name !== 'AssignStatement' && node.name !== 'UpdateStatement') return;
    const kids = childrenOf(node);
    const opAt = kids.findIndex((k) => k.name === 'AssignOp' || k.name === 'UpdateOp');
    for (const target of kids.slice(0, Math.max(opAt, 0))) {
      if (target.name === ',') continue;
      let t: SyntaxNode | null = target;
      while (t) {
        out.add(textOf(file, t).replace(/\s+/g, '').replace(/"/g, "'"));
        const tk: SyntaxNode[] = childrenOf(t);
        t = t.name === 'MemberExpression' && tk[1]?.name === '[' ? (tk[0] ?? null) : null;
      }
    }
  });
  return out;
}

/** `Hs[i-1]` → Hs, `h.T` → h, `self.h` → self.h: the variable an expression's value lives in. */
export function baseName(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/(\.T|\.t\(\)|\.transpose\(\))+$/, '')
    .replace(/\[.*$/, '');
}

/**
 * Whether a value assigned to `from` reaches `to` through the loop's assignments, so that it is
 * read again in a later iteration: `H = np.dot(X, W); Hs[i] = H; X = Hs[i-1]` carries H into X.
 */
export function flowsTo(file: SourceFile, loop: Loop, from: string, to: string): boolean {
  const edges = new Map<string, Set<string>>();
  walk(loop.node, (node) => {
    if (node.name !== 'AssignStatement' && node.name !== 'UpdateStatement') return;
    const kids = childrenOf(node);
    const opAt = kids.findIndex((k) => k.name === 'AssignOp' || k.name === 'UpdateOp');
    if (opAt < 0) return;
    const targets = kids.slice(0, opAt).filter((k) => k.name !== ',').map((t) => baseName(textOf(file, t)));
    for (const value of kids.slice(opAt + 1)) {
      walk(value, (n) => {
        if (n.name !== 'VariableName' && n.name !== 'MemberExpression') return undefined;
        const source = baseName(textOf(file, n));
        for (const t of targets) edges.set(source, (edges.get(source) ?? new Set()).add(t));
        return n.name === 'MemberExpression' ? undefined : false;
      });
    }
  });
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (name === to) return true;
    for (const next of edges.get(name) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

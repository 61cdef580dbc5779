// Whole stacks spelled out in code, and the finished site. A layer loop gives one layer per
// iteration; `all_weights[0] = …`, a loop over `all_weights[layer]` and `all_weights[-1] = …`
// together give the UDL list; W1, W2, W3 give a numbered stack. When the layers differ (widths,
// inits, activations) the site carries the whole stack and its position in it.

import type { ActivationSpec, LayerSpec } from '../../core/types';
import type { Iterations, Loop } from '../context/loops';
import { innermostLoop } from '../context/loops';
import type { SiteFields } from '../detect';
import { childrenOf, type SyntaxNode } from '../syntax';
import type { Inferred, SiteContext } from '../types';
import type { FoundActivation } from './arraysActivation';
import { compact, type Chain } from './arraysChain';
import { activationAt } from './arraysContext';
import type { Draw } from './arraysDraw';
import type { ArraysEnv } from './arraysEnv';
import { fansOf, shapeText, type Fans, type LayerValues, type Orientation } from './arraysLayers';
import type { Use } from './arraysMatmul';
import type { Role } from './arraysRole';

export interface Candidate {
  draw: Draw;
  chain: Chain;
  role: Role;
  /** The expression the site covers. */
  top: SyntaxNode;
  /** One per layer this code location makes (loop iterations), else one. */
  layers: LayerValues[];
  fans: Fans[];
  orientation: Orientation;
  orientationNote: string;
  /** One per layer, or a single entry for all. */
  activations: (FoundActivation | null)[];
  layerLoop: Loop | null;
  iterations: Iterations | null;
  depth?: Inferred<number>;
  uses: Use[];
  isProductOrDraw: (call: SyntaxNode) => boolean;
  /** Set when this site is part of a stack assembled across code locations. */
  stack?: { layers: LayerSpec[]; index: number; source: string };
}

export function finishSite(env: ArraysEnv, c: Candidate): SiteFields {
  const fans = fillFromNeighbours(c);
  const layer = c.layers[0];
  const own = fans[0] ?? { fanIn: null, fanOut: null };
  const context: SiteContext = {};
  if (c.depth) context.depth = c.depth;
  const fanSource = fanNote(env, c, fans);
  if (own.fanIn !== null) context.fanIn = { value: own.fanIn, source: fanSource };
  if (own.fanOut !== null) context.fanOut = { value: own.fanOut, source: fanSource };
  const activation = c.activations[0];
  if (activation) context.activation = { value: activation.spec, source: activation.source };
  const stack = c.stack ?? loopStack(c, fans);
  if (stack) {
    context.stack = { value: stack.layers, source: stack.source };
    context.stackIndex = stack.index;
  }
  const params: Record<string, number | string> = { ...layer.params };
  if (own.fanIn !== null) params.fanIn = own.fanIn;
  if (own.fanOut !== null) params.fanOut = own.fanOut;
  const unresolved = [...new Set(c.layers.flatMap((l) => l.unresolved))];
  return {
    framework: c.draw.framework,
    init: layer.init,
    params,
    unresolved,
    ...(c.role.target !== undefined ? { target: c.role.target } : {}),
    context,
  };
}

/** In a layer loop, a layer's fan_in is the previous layer's fan_out when the shape leaves it open. */
function fillFromNeighbours(c: Candidate): Fans[] {
  const fans = c.fans.map((f) => ({ ...f }));
  if (!c.layerLoop) return fans;
  for (let i = 1; i < fans.length; i++) if (fans[i].fanIn === null && fans[i - 1].fanOut !== null) fans[i].fanIn = fans[i - 1].fanOut;
  return fans;
}

function fanNote(env: ArraysEnv, c: Candidate, fans: Fans[]): string {
  const layer = c.layers[0];
  const axes = c.orientation === 'rowsIn' ? '(fan_in, fan_out)' : '(fan_out, fan_in)';
  const rank = layer?.shape?.length ?? 0;
  let note = `shape ${shapeText(layer?.shape ?? null)} at line ${env.line(c.draw.node.from)}`;
  if (rank === 2) note += ` read as ${axes}${c.orientationNote ? `: ${c.orientationNote}` : ''}`;
  if (rank === 1) note += ' read as fan_in (one weight per input)';
  if (c.fans.some((f, i) => f.fanIn === null && fans[i]?.fanIn !== null)) note += "; fan_in of later layers is the previous layer's fan_out";
  return note;
}

/** The layers of one loop as a stack, when they differ and every layer is fully known. */
function loopStack(c: Candidate, fans: Fans[]): Candidate['stack'] | undefined {
  if (!c.layerLoop || c.layers.length < 2) return undefined;
  const specs = c.layers.map((l, i) => layerSpec(l, fans[i], (c.activations[i] ?? c.activations[0])?.spec ?? null));
  if (specs.some((s) => s === null)) return undefined;
  const layers = specs as LayerSpec[];
  if (layers.every((l) => JSON.stringify(l) === JSON.stringify(layers[0]))) return undefined;
  return { layers, index: 0, source: c.depth?.source ?? 'loop' };
}

function layerSpec(layer: LayerValues, fans: Fans | undefined, activation: ActivationSpec | null): LayerSpec | null {
  if (!fans || fans.fanIn === null || fans.fanOut === null || fans.fanIn < 1 || fans.fanOut < 1 || activation === null) return null;
  if (layer.params.std === undefined) return null;
  return { fanIn: fans.fanIn, fanOut: fans.fanOut, init: layer.init, activation };
}

// ── Lists assembled across statements (UDL) ───────────────────────────────────────────────

interface ListEntry {
  candidate: Candidate;
  indices: number[];
}

/**
 * `all_weights[0] = …; for layer in range(1, K): all_weights[layer] = …; all_weights[-1] = …`:
 * the indices together cover 0…n−1, so the list is an n-layer network.
 */
export function assembleLists(env: ArraysEnv, candidates: Candidate[]): void {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const subscript = subscriptOf(env, c.role.targetNode);
    if (!subscript) continue;
    const fn = env.functionAt(c.top)?.node.from ?? -1;
    const key = `${fn}|${subscript.base}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const members of groups.values()) {
    if (members.length < 2 || members.every((m) => m.layerLoop)) continue;
    const entries: ListEntry[] = [];
    for (const m of members) {
      const subscript = subscriptOf(env, m.role.targetNode);
      if (!subscript) return;
      const indexNode = subscript.index;
      const pins = m.layerLoop && m.iterations?.pins ? m.iterations.pins : null;
      const loop = m.layerLoop;
      const indices = pins && loop ? pins.map((p) => env.withPins(loop.node, p, () => env.number(indexNode))) : [env.number(indexNode)];
      if (indices.some((i) => i === null || !Number.isInteger(i)) || indices.length !== m.layers.length) {
        entries.length = 0;
        break;
      }
      entries.push({ candidate: m, indices: indices as number[] });
    }
    if (entries.length < 2) continue;
    assemble(env, entries, subscriptOf(env, members[0].role.targetNode)?.base ?? '');
  }
}

function assemble(env: ArraysEnv, entries: ListEntry[], base: string): void {
  const all = entries.flatMap((e) => e.indices);
  const nonNegative = all.filter((i) => i >= 0);
  const negatives = new Set(all.filter((i) => i < 0));
  const first = entries[0].candidate;
  const length = listLength(env, base, first.top) ?? Math.max(-1, ...nonNegative) + 1 + negatives.size;
  const resolved = entries.map((e) => e.indices.map((i) => (i < 0 ? length + i : i)));
  const flat = resolved.flat();
  if (new Set(flat).size !== flat.length || flat.length !== length || flat.some((i) => i < 0 || i >= length)) return;

  // One orientation for the list: the product that uses it says which side the weights are on.
  const withUse = entries.find((e) => e.candidate.orientationNote !== '' && e.candidate.uses.length > 0)?.candidate;
  const orientation = withUse?.orientation ?? first.orientation;
  const note = withUse?.orientationNote ?? first.orientationNote;
  const uses = withUse?.uses ?? first.uses;
  const inLoop = uses.find((u) => innermostLoop(u.product.node) !== null);
  const straight = uses.find((u) => innermostLoop(u.product.node) === null);
  const hidden = inLoop ? activationAt(env, inLoop, first.isProductOrDraw) : (entries.find((e) => e.candidate.activations[0])?.candidate.activations[0] ?? null);
  // The output layer applied outside the loop, with nothing after it: linear logits.
  const output: FoundActivation | null =
    straight && !activationAt(env, straight, first.isProductOrDraw)
      ? { spec: { name: 'linear' }, source: `${env.text(straight.product.node)} at line ${env.line(straight.product.node.from)} applies no nonlinearity` }
      : hidden;

  const byIndex: { layer: LayerValues; fans: Fans; entry: ListEntry }[] = new Array(length);
  entries.forEach((e, k) => {
    resolved[k].forEach((index, j) => {
      const layer = e.candidate.layers[j];
      byIndex[index] = { layer, fans: fansOf(layer.shape, orientation), entry: e };
    });
  });
  const activationOf = (index: number) => (index === length - 1 ? output : hidden);
  const specs = byIndex.map((b, index) => layerSpec(b.layer, b.fans, activationOf(index)?.spec ?? null));
  const lines = [...new Set(entries.map((e) => env.line(e.candidate.top.from)))].sort((a, b) => a - b);
  const source = `${base}[0…${length - 1}] assigned at lines ${lines.join(', ')}`;
  const complete = specs.every((s) => s !== null);
  const stackLayers = specs as LayerSpec[];
  const differ = complete && stackLayers.some((l) => JSON.stringify(l) !== JSON.stringify(stackLayers[0]));

  entries.forEach((e, k) => {
    const c = e.candidate;
    const start = Math.min(...resolved[k]);
    c.depth = { value: length, source };
    c.orientation = orientation;
    c.orientationNote = note;
    c.fans = c.layers.map((l) => fansOf(l.shape, orientation));
    c.activations = resolved[k].map((index) => activationOf(index));
    // A loop's iterations now sit inside the list, so its own loop stack no longer applies.
    c.layerLoop = null;
    if (differ) c.stack = { layers: stackLayers, index: start, source };
  });
}

function subscriptOf(env: ArraysEnv, node: SyntaxNode | undefined): { base: string; index: SyntaxNode } | null {
  if (!node || node.name !== 'MemberExpression') return null;
  const kids = childrenOf(node);
  if (kids[1]?.name !== '[' || !kids[0] || !kids[2] || kids[2].name === 'String' || kids[3]?.name !== ']') return null;
  return { base: compact(env.text(kids[0])), index: kids[2] };
}

/** `[None] * (K+1)` or a list literal: the list's length. */
function listLength(env: ArraysEnv, base: string, near: SyntaxNode): number | null {
  const bound = env.latestAssignment(base, near.from, near);
  if (!bound) return null;
  const value = bound.value;
  if (value.name === 'ArrayExpression') return childrenOf(value).filter((k) => !['[', ']', ','].includes(k.name)).length;
  if (value.name !== 'BinaryExpression') return null;
  const [left, op, right] = childrenOf(value);
  if (!left || !op || !right || env.text(op) !== '*') return null;
  const list = left.name === 'ArrayExpression' ? left : right.name === 'ArrayExpression' ? right : null;
  const count = env.number(list === left ? right : left);
  if (!list || count === null) return null;
  return childrenOf(list).filter((k) => !['[', ']', ','].includes(k.name)).length * count;
}

// ── Numbered siblings (W1, W2, W3) ─────────────────────────────────────────────────────────

/**
 * Numbered weights are one network when they chain: each fan_out is the next fan_in. With a fan
 * unknown, the products that use every one of them have to vouch for it.
 */
function chains(members: Candidate[]): boolean {
  let allKnown = true;
  for (let i = 0; i + 1 < members.length; i++) {
    const out = members[i].fans[0]?.fanOut ?? null;
    const next = members[i + 1].fans[0]?.fanIn ?? null;
    if (out === null || next === null) allKnown = false;
    else if (out !== next) return false;
  }
  return allKnown || members.every((m) => m.uses.length > 0);
}

export function numberedSiblings(env: ArraysEnv, candidates: Candidate[]): void {
  const groups = new Map<string, { c: Candidate; n: number }[]>();
  for (const c of candidates) {
    if (c.depth || c.stack || !c.role.target) continue;
    const match = /^(.*?)(\d+)(\D*)$/.exec(c.role.target);
    if (!match) continue;
    const fn = env.functionAt(c.top)?.node.from ?? -1;
    const key = `${fn}|${match[1]}|${match[3]}`;
    groups.set(key, [...(groups.get(key) ?? []), { c, n: Number(match[2]) }]);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => a.n - b.n);
    if (members.some((m, i) => i > 0 && m.n !== members[i - 1].n + 1)) continue;
    if (!chains(members.map((m) => m.c))) continue;
    const last = members.length - 1;
    const activations = members.map((m, i) => {
      const found = m.c.activations[0];
      if (found || i !== last || m.c.uses.length === 0) return found;
      const use = m.c.uses[0];
      return { spec: { name: 'linear' } as ActivationSpec, source: `${env.text(use.product.node)} at line ${env.line(use.product.node.from)} applies no nonlinearity` };
    });
    const specs = members.map((m, i) => layerSpec(m.c.layers[0], m.c.fans[0], activations[i]?.spec ?? null));
    const lines = members.map((m) => env.line(m.c.top.from));
    const source = `${members.map((m) => m.c.role.target).join(', ')} at lines ${lines[0]}–${lines[last]}`;
    const complete = specs.every((s) => s !== null);
    const layers = specs as LayerSpec[];
    const differ = complete && layers.some((l) => JSON.stringify(l) !== JSON.stringify(layers[0]));
    members.forEach((m, i) => {
      m.c.depth = { value: members.length, source };
      m.c.activations = [activations[i]];
      if (differ) m.c.stack = { layers, index: i, source };
    });
  }
}

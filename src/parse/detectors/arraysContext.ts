// The network around a drawn weight: which loop builds the layers (one weight per iteration),
// which product applies the weight and which nonlinearity follows it. Init and forward pass
// may be one loop (CS231n) or two (UDL: init_params, then compute_network_output).

import { baseName, enclosingLoops, flowsTo, innermostLoop, loopHeader, loopLine, loopNames, type Loop } from '../context/loops';
import { childrenOf, walk, type SyntaxNode } from '../syntax';
import { compact, type Chain } from './arraysChain';
import type { Draw } from './arraysDraw';
import type { ArraysEnv } from './arraysEnv';
import { onlyLinear, recognizeActivation, type FoundActivation } from './arraysActivation';
import { refOfOperand, type Use } from './arraysMatmul';
import { classifyName, statementOf, type Role } from './arraysRole';

export function contains(outer: { from: number; to: number }, inner: { from: number; to: number }): boolean {
  return inner.from >= outer.from && inner.to <= outer.to;
}

/**
 * A product inside `loop` whose result the loop feeds back into its other operand: activations
 * flow layer to layer (`h = relu(h @ W)`), unlike a product whose result leaves the loop (an
 * RNN's output layer, a training step's prediction).
 */
export function isCarried(env: ArraysEnv, use: Use, loop: Loop): boolean {
  if (!contains(loop.node, use.product.node)) return false;
  const other = use.product.operands[1 - use.operand];
  const statement = statementOf(use.product.node);
  if (!other || (statement.name !== 'AssignStatement' && statement.name !== 'UpdateStatement') || !statement.firstChild) return false;
  return flowsTo(env.file, loop, baseName(env.text(statement.firstChild)), baseName(env.text(other)));
}

/** Whether `loop` makes one layer per iteration for this site. */
export function isLayerLoop(env: ArraysEnv, loop: Loop, chain: Chain, role: Role, uses: Use[]): boolean {
  if (loop.node.name !== 'ForStatement') return chain.comprehensions.some((c) => c.kind === 'layers' && c.node.from === loop.node.from);
  if (role.kind === 'appended') return true;
  if (role.collection && contains(loop.node, role.collection.append)) return true;
  if (role.targetNode) {
    const names = new Set(loopNames(env.file, loop));
    let indexed = false;
    walk(role.targetNode, (n) => {
      if (n.name === 'VariableName' && names.has(env.text(n)) && n.from !== role.targetNode?.from) indexed = true;
    });
    if (indexed) return true;
  }
  return uses.some((u) => isCarried(env, u, loop));
}

/** Prefer the product inside the layer loop, then one in any loop, then any. */
export function pickUse(uses: Use[], layerLoop: Loop | null): Use | null {
  if (layerLoop) {
    const inside = uses.find((u) => contains(layerLoop.node, u.product.node));
    if (inside) return inside;
  }
  return uses.find((u) => innermostLoop(u.product.node) !== null) ?? uses[0] ?? null;
}

/** Whether an operand is itself named like a weight (then the other side is the data). */
export function namesWeight(env: ArraysEnv, node: SyntaxNode): boolean {
  const ref = refOfOperand(env, node);
  if (!ref) return false;
  const last = ref.base.split(/[.[\]'"]/).filter((s) => s !== '').pop() ?? '';
  return classifyName(last) === 'weight';
}

/**
 * The nonlinearity applied to a product's result: around it in the same expression, then in the
 * statements that read what it was assigned to, then anywhere in its loop. A loop that applies
 * nothing else is linear.
 */
export function activationAt(env: ArraysEnv, use: Use, isProductOrDraw: (call: SyntaxNode) => boolean): FoundActivation | null {
  const product = use.product.node;
  for (let p: SyntaxNode | null = product.parent; p && p.name !== 'Body' && p.name !== 'Script'; p = p.parent) {
    const found = recognizeActivation(env, p);
    if (found) return guarded(env, found, p);
  }
  const loop = innermostLoop(product);
  const statement = statementOf(product);
  const assigned = assignedName(env, statement);
  if (assigned !== null) {
    const region = loop?.body ?? statement.parent;
    const after = region ? firstActivation(env, region, (n) => n.from >= statement.to && mentions(env, n, assigned)) : null;
    if (after) return guarded(env, after.found, after.at);
  }
  // Elsewhere in the loop (`h = relu(h); h = h @ W`) only when the loop chains the layers.
  if (!loop?.body || !isCarried(env, use, loop)) return null;
  const anywhere = firstActivation(env, loop.body, () => true);
  if (anywhere) return guarded(env, anywhere.found, anywhere.at);
  if (onlyLinear(env, loop.body, isProductOrDraw)) {
    return { spec: { name: 'linear' }, source: `no nonlinearity in ${loopHeader(env.file, loop)} at line ${loopLine(env.file, loop)}` };
  }
  return null;
}

/** `if i < L - 1: h = relu(h)` skips the activation in the iterations where the test is false. */
function guarded(env: ArraysEnv, found: FoundActivation, at: SyntaxNode): FoundActivation {
  for (let p: SyntaxNode | null = at.parent; p; p = p.parent) {
    if (p.name === 'ForStatement' || p.name === 'FunctionDefinition') break;
    if (p.name !== 'Body' || p.parent?.name !== 'IfStatement') continue;
    const kids = childrenOf(p.parent);
    // Only the first branch: `if test: <activation>`.
    if (kids[2]?.from !== p.from || !kids[1]) continue;
    const test = env.evaluate(kids[1]);
    if (test === false) return { spec: { name: 'linear' }, source: `${found.source} skipped here: if ${env.text(kids[1])} is false` };
  }
  return found;
}

/** The first activation in `region` (document order) at a node accepted by `where`. */
function firstActivation(env: ArraysEnv, region: SyntaxNode, where: (node: SyntaxNode) => boolean): { found: FoundActivation; at: SyntaxNode } | null {
  const hit: { found: FoundActivation | null; at: SyntaxNode | null } = { found: null, at: null };
  walk(region, (n) => {
    if (hit.found) return false;
    if (n.name === 'FunctionDefinition' || n.name === 'LambdaExpression') return false;
    if ((n.name === 'CallExpression' || n.name === 'BinaryExpression') && where(n)) {
      const found = recognizeActivation(env, n);
      if (found) {
        hit.found = found;
        hit.at = n;
        return false;
      }
    }
    return undefined;
  });
  return hit.found && hit.at ? { found: hit.found, at: hit.at } : null;
}

function assignedName(env: ArraysEnv, statement: SyntaxNode): string | null {
  if (statement.name !== 'AssignStatement') return null;
  const first = statement.firstChild;
  return first ? compact(env.text(first)) : null;
}

function mentions(env: ArraysEnv, node: SyntaxNode, name: string): boolean {
  const base = name.replace(/\[.*$/, '');
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (n.name === 'VariableName' || n.name === 'MemberExpression') {
      const text = compact(env.text(n));
      if (text === name || text === base || text.replace(/\[.*$/, '') === base) found = true;
    }
    return undefined;
  });
  return found;
}

/** Loops around the draw that can build layers: not the comprehensions that build one tensor. */
export function candidateLoops(draw: Draw, chain: Chain): Loop[] {
  const dimensions = chain.comprehensions.filter((c) => c.kind === 'dimension').map((c) => c.node.from);
  return enclosingLoops(draw.node).filter((l) => !dimensions.includes(l.node.from));
}

/** "for i in range(10) at line 12", with the count when the header does not show it. */
export function loopSource(env: ArraysEnv, loop: Loop, count: number): string {
  const header = loopHeader(env.file, loop);
  const literal = new RegExp(`range\\(\\s*${count}\\s*\\)`).test(header);
  return `${header} at line ${loopLine(env.file, loop)}${literal ? '' : ` (${count} iterations)`}`;
}

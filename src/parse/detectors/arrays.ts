// Array-style init sites: weights drawn with numpy, torch tensor constructors, JAX random,
// Python's `random` (micrograd) or lecture-note pseudo-code, normalized to an InitSpec with the
// resolved std, plus what the surrounding code says about the network (depth, fans, activation,
// the whole stack). Only weights are sites: data, noise, masks, gradients and biases are not.

import type { DetectContext } from '../detect';
import type { Value } from '../evaluate';
import { makeSite } from '../detect';
import { assignedIn, innermostLoop, loopIterations, loopOf, type Loop } from '../context/loops';
import { walk, type SyntaxNode } from '../syntax';
import type { Inferred, InitSite } from '../types';
import { compact, followChain, followUpFactors, type Chain, type Comprehension } from './arraysChain';
import type { FoundActivation } from './arraysActivation';
import { activationAt, candidateLoops, contains, isCarried, isLayerLoop, loopSource, namesWeight, pickUse } from './arraysContext';
import { drawShape, recognizeDraw, resolveShape, type Draw, type ShapeSource } from './arraysDraw';
import { ArraysEnv } from './arraysEnv';
import { evaluateLayer, fansOf, orientationFromChain, type Orientation } from './arraysLayers';
import { collectProducts, refOfTarget, usesOf, type Product, type TensorRef, type Use } from './arraysMatmul';
import { classifyName, collectionOf, findRole, type Role } from './arraysRole';
import { assembleLists, finishSite, numberedSiblings, type Candidate } from './arraysStack';

/** Forward loops longer than this are read once, not layer by layer. */
const MAX_FORWARD_ITERATIONS = 1024;

export function detectArraysSites(ctx: DetectContext): InitSite[] {
  let env: ArraysEnv;
  try {
    env = new ArraysEnv(ctx);
  } catch {
    return [];
  }
  env.callShape = (call) => drawShape(env, call);
  let products: Product[] | null = null;
  const productsOf = () => (products ??= collectProducts(env));
  const candidates: Candidate[] = [];
  walk(ctx.file.tree.topNode, (node) => {
    if (node.name !== 'CallExpression' && node.name !== 'VariableName') return;
    try {
      const draw = recognizeDraw(env, node);
      const candidate = draw ? analyze(env, productsOf, draw) : null;
      if (candidate) candidates.push(candidate);
    } catch {
      // A detector never fails the scan: an unexpected shape of tree just yields no site here.
    }
  });
  try {
    assembleLists(env, candidates);
    numberedSiblings(env, candidates);
  } catch {
    // Context is optional; the sites stand without it.
  }
  const sites: InitSite[] = [];
  for (const candidate of candidates) {
    try {
      sites.push(makeSite(ctx, candidate.top, finishSite(env, candidate)));
    } catch {
      // As above: never fail the scan.
    }
  }
  return sites;
}

function analyze(env: ArraysEnv, productsOf: () => Product[], draw: Draw): Candidate | null {
  const chain = followChain(env, draw);
  if (!chain) return null;
  const role = findRole(env, chain);
  if (!role) return null;
  const admitted = admit(env, productsOf, draw, chain, role);
  if (!admitted) return null;
  const { ref, uses, dimensions } = admitted;

  const extra = role.kind === 'assigned' && role.target ? followUpFactors(env, role.statement, role.target) : [];
  const layerLoop = candidateLoops(draw, chain).find((l) => isLayerLoop(env, l, chain, role, uses)) ?? null;
  const iterations = layerLoop ? loopIterations(env.file, layerLoop, (n) => env.evaluate(n)) : null;
  const dimensionLoops = dimensions.map((c) => loopOf(c.node)).filter((l): l is Loop => l !== null).reverse();
  const evaluateOne = () => {
    const counts = dimensionLoops.length > 0 ? dimensionLoops.map((l) => loopIterations(env.file, l, (n) => env.evaluate(n))?.count ?? null) : null;
    return evaluateLayer(env, draw, chain, extra, counts);
  };
  const layers = layerLoop && iterations?.pins ? iterations.pins.map((pins) => env.withPins(layerLoop.node, pins, evaluateOne)) : [evaluateOne()];

  const use = pickUse(uses, layerLoop);
  const { orientation, note } = orientationOf(env, use, dimensions.length, layers.map((l) => l.shape));
  const isProductOrDraw = (call: SyntaxNode) => productsOf().some((p) => p.node.from === call.from && p.node.to === call.to) || recognizeDraw(env, call) !== null;
  const activations = activationsFor(env, use, uses, layerLoop, iterations?.pins ?? null, layers.length, isProductOrDraw);
  const depth = layerLoop && iterations ? { value: iterations.count, source: loopSource(env, layerLoop, iterations.count) } : tiedDepth(env, draw, role, ref, use);

  return {
    draw,
    chain,
    role,
    top: chain.top,
    layers,
    fans: layers.map((l) => fansOf(l.shape, orientation)),
    orientation,
    orientationNote: note,
    activations,
    layerLoop,
    iterations,
    ...(depth ? { depth } : {}),
    uses,
    isProductOrDraw,
  };
}

/**
 * Whether the drawn tensor is a weight, with the products that use it. Names decide first
 * (data, noise, masks, gradients and biases never are); an unnamed tensor must be the right
 * factor of a product in a loop or an nn.Parameter matrix; constants must be 2-D weights.
 */
function admit(
  env: ArraysEnv,
  productsOf: () => Product[],
  draw: Draw,
  chain: Chain,
  role: Role,
): { ref: TensorRef | null; uses: Use[]; dimensions: Comprehension[] } | null {
  const kind = role.name !== null ? classifyName(role.name) : 'neutral';
  if (kind === 'data' || kind === 'bias') return null;
  const dimensions = chain.comprehensions.filter((c) => c.kind === 'dimension');
  // A single scalar is not a layer's weights (unless a comprehension makes a vector of them).
  if (draw.shape.kind === 'scalar' && dimensions.length === 0) return null;
  const rank = dimensions.length > 0 ? dimensions.length : rankOf(env, draw.shape);
  // zeros/ones are everywhere (biases, buffers, accumulators): only a 2-D tensor named a weight.
  if (draw.deterministic && (kind !== 'weight' || rank === null || rank < 2)) return null;

  if (role.kind === 'assigned' && role.targetNode?.name === 'VariableName' && role.target) {
    const collection = collectionOf(env, role.statement, role.target);
    if (collection) role.collection = collection;
  }
  const ref: TensorRef | null = role.targetNode
    ? refOfTarget(env, role.targetNode)
    : role.kind === 'entry' && role.target
      ? { key: compact(role.target), base: compact(role.target), transposed: false }
      : null;
  let uses: Use[] = ref ? usesOf(env, productsOf(), ref, role.statement) : [];
  if (role.collection) uses = [...uses, ...usesOf(env, productsOf(), refOfTarget(env, role.collection.list), role.statement).map((u) => ({ ...u, element: true }))];
  if (role.inline) {
    // `torch.mm(M, torch.normal(0, 1, size=(4, 4)))` in a loop: the right factor is a layer's weight.
    const inline = role.inline;
    const product = productsOf().find((p) => p.node.from === inline.product.from && p.node.to === inline.product.to);
    if (!product || inline.operand !== 1 || !innermostLoop(product.node)) return null;
    uses = [{ product, operand: 1, transposed: product.secondTransposed, element: false }];
  } else if (kind === 'neutral' && role.kind !== 'returned') {
    // Never the left factor (the data side) of `x @ W`.
    const multipliedIn = uses.some((u) => u.operand === 1 && innermostLoop(u.product.node) !== null && !namesWeight(env, u.product.operands[0]));
    if (!multipliedIn && !(chain.parameter && rank !== null && rank >= 2)) return null;
  }
  return { ref, uses, dimensions };
}

/** Which side of the product the weight is on decides how its shape maps to fans. */
function orientationOf(env: ArraysEnv, use: Use | null, dimensions: number, shapes: ((number | null)[] | null)[]): { orientation: Orientation; note: string } {
  if (use) {
    const orientation: Orientation = (use.operand === 1) !== use.transposed ? 'rowsIn' : 'rowsOut';
    return { orientation, note: `${env.text(use.product.node)} at line ${env.line(use.product.node.from)}` };
  }
  if (dimensions >= 2) return { orientation: 'rowsOut', note: 'one inner list per neuron' };
  const fromChain = orientationFromChain(shapes);
  return fromChain ? { orientation: fromChain, note: 'consecutive layer shapes' } : { orientation: 'rowsIn', note: '' };
}

/** One weight applied again and again in a loop that chains its products (tied layers, an RNN's Whh). */
function tiedDepth(env: ArraysEnv, draw: Draw, role: Role, ref: TensorRef | null, use: Use | null): Inferred<number> | undefined {
  if (!use || use.element || !ref || ref.key !== ref.base) return undefined;
  const loop = innermostLoop(use.product.node);
  // Not when the loop draws its own weight under the same name.
  if (!loop || contains(loop.node, draw.node) || !isCarried(env, use, loop) || assignedIn(env.file, loop.node).has(ref.key)) return undefined;
  const count = loopIterations(env.file, loop, (n) => env.evaluate(n))?.count;
  return count === undefined ? undefined : { value: count, source: `${role.target ?? 'the weight'} applied in ${loopSource(env, loop, count)}` };
}

/**
 * The activation of each layer (per iteration when the layer loop applies it), or one for all.
 * A forward loop followed by one more product outside it (the output layer, as in Andrew Ng's
 * L_model_forward and UDL) gives the last layer that product's activation, linear if none.
 */
function activationsFor(
  env: ArraysEnv,
  use: Use | null,
  uses: Use[],
  layerLoop: Loop | null,
  pins: Map<string, Value>[] | null,
  layerCount: number,
  isProductOrDraw: (call: SyntaxNode) => boolean,
): Candidate['activations'] {
  if (!use) return [null];
  const productLoop = innermostLoop(use.product.node);
  if (layerLoop && productLoop && productLoop.node.from === layerLoop.node.from && pins) {
    return pins.map((p) => env.withPins(layerLoop.node, p, () => activationAt(env, use, isProductOrDraw)));
  }
  if (!productLoop) return [activationAt(env, use, isProductOrDraw)];
  // The forward pass is a different loop. When it chains as many layers as the init loop made,
  // its iterations are those layers in order; otherwise only an activation they all share counts.
  const forward = isCarried(env, use, productLoop) ? loopIterations(env.file, productLoop, (n) => env.evaluate(n)) : null;
  let shared: FoundActivation | null;
  if (forward?.pins && forward.pins.length > 0 && forward.pins.length <= MAX_FORWARD_ITERATIONS) {
    const each = forward.pins.map((p) => env.withPins(productLoop.node, p, () => activationAt(env, use, isProductOrDraw)));
    if (layerCount > 1 && each.length === layerCount) return each;
    const first = each[0];
    shared = first && each.every((a) => a && JSON.stringify(a.spec) === JSON.stringify(first.spec)) ? first : null;
  } else {
    shared = activationAt(env, use, isProductOrDraw);
  }
  const output = layerCount > 1 ? uses.find((u) => innermostLoop(u.product.node) === null) : undefined;
  if (!output) return [shared];
  const last = activationAt(env, output, isProductOrDraw) ?? {
    spec: { name: 'linear' },
    source: `${env.text(output.product.node)} at line ${env.line(output.product.node.from)} applies no nonlinearity`,
  };
  return Array.from({ length: layerCount }, (_, i) => (i === layerCount - 1 ? last : shared));
}

function rankOf(env: ArraysEnv, shape: ShapeSource): number | null {
  if (shape.kind === 'dims') return shape.dims.length;
  if (shape.kind === 'scalar') return 0;
  if (shape.kind === 'unknown') return null;
  return resolveShape(env, shape)?.length ?? null;
}


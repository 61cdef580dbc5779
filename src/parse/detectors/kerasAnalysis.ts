// One pass over a file for the Keras, Flax/JAX and Haiku detectors: trace layer chains, place
// every weight layer in the longest chain that contains it, then add the initializers that are
// not a layer's kernel. keras.ts and flax.ts each take their frameworks' share of the result.

import type { DetectContext } from '../detect';
import { qualify } from '../imports';
import { dottedName } from '../syntax';
import type { InitSite } from '../types';
import { activationOp } from './kerasActivations';
import { Bindings } from './kerasBindings';
import { KERAS_INITIALIZERS } from './kerasInitializers';
import { initializerSites } from './kerasInitSites';
import { readKerasLayer } from './kerasLayers';
import { buildStack, nodeKey, weightLayerSite, type Placement, type ReadContext, type Readers, type WeightLayer } from './kerasStack';
import { chainOps, traceChains } from './kerasTrace';
import { JAX_INITIALIZERS } from './flaxInitializers';
import { statedInputs } from './flaxInputs';
import { flaxPoolOp, readFlaxLayer } from './flaxLayers';
import { HAIKU_INITIALIZERS, haikuFunctionOp, readHaikuLayer } from './haiku';

const READERS: Readers = {
  layer: (rc, call, path) => readKerasLayer(rc, call, path) ?? readFlaxLayer(rc, call, path) ?? readHaikuLayer(rc, call, path),
  fn: (rc, path, call) => activationOp(rc, path, call) ?? flaxPoolOp(rc, path, call) ?? haikuFunctionOp(path),
};

const FAMILIES = [KERAS_INITIALIZERS, JAX_INITIALIZERS, HAIKU_INITIALIZERS];

const cache = new WeakMap<DetectContext, InitSite[]>();

/** Every Keras, Flax, JAX-initializer and Haiku site of the file (cached per DetectContext). */
export function layerFrameworkSites(ctx: DetectContext): InitSite[] {
  let sites = cache.get(ctx);
  if (!sites) {
    try {
      sites = analyze(ctx);
    } catch {
      // Malformed code must never stop a scan; a pathological tree (stack overflow) yields nothing.
      sites = [];
    }
    cache.set(ctx, sites);
  }
  return sites;
}

interface Best {
  layer: WeightLayer;
  placement: Placement;
  score: number;
}

function analyze(ctx: DetectContext): InitSite[] {
  const rc: ReadContext = { ctx, bindings: new Bindings(ctx.file, ctx.scope), loopVars: new Map(), consumed: new Set() };
  const best = new Map<string, Best>();
  for (const chain of traceChains(rc, READERS, statedInputs(rc))) {
    const entries = buildStack(chainOps(chain));
    const seen = new Set<string>();
    // Certain chains first, then the one with most layers, then the later, longer one (it
    // includes the activation that follows the last layer).
    const score = (chain.certain ? 1e12 : 0) + entries.length * 1e6 + chain.length;
    entries.forEach((entry, index) => {
      const key = nodeKey(entry.layer.node);
      if (seen.has(key)) return; // a layer repeated by a loop is placed at its first run
      seen.add(key);
      const previous = best.get(key);
      if (!previous || score >= previous.score) {
        best.set(key, { layer: entry.layer, placement: { entries, index, network: chain.certain ? 'known' : 'loop' }, score });
      }
    });
  }
  // Layers outside every chain (a list we do not follow, an unused layer object).
  const cursor = ctx.file.tree.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const call = cursor.node;
    const key = nodeKey(call);
    if (best.has(key)) continue;
    const callee = dottedName(ctx.file, call.firstChild);
    const reading = callee === null ? null : READERS.layer(rc, call, qualify(callee, ctx.imports));
    if (!reading || reading.kind !== 'ops') continue;
    const entries = buildStack(reading.ops);
    const index = entries.findIndex((e) => nodeKey(e.layer.node) === key);
    if (index < 0) continue;
    // hk.nets.MLP spells out a whole stack; a single layer only knows its own arguments.
    const network = entries.length > 1 ? (reading.certain === false ? 'loop' : 'known') : 'isolated';
    best.set(key, { layer: entries[index].layer, placement: { entries, index, network }, score: 0 });
  } while (cursor.next());
  const sites = [...best.values()].map((b) => weightLayerSite(ctx, b.layer, b.placement));
  return [...sites, ...initializerSites(rc, FAMILIES)];
}

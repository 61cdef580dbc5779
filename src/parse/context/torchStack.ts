// PyTorch stacks: the forward flow of an nn.Sequential or of a module class (layers in call
// order, each followed by its activation) → LayerSpec[] with the real widths and each layer's
// effective init. A stack is only offered when the whole chain is certain and simulatable.

import { torchDefaultBias, resolveInit } from '../../core/schemes';
import type { ActivationSpec, InitSpec, LayerSpec } from '../../core/types';
import type { SourceFile } from '../syntax';
import { positionAt } from '../syntax';
import type { FlowEvent, LayerInstance, Module } from '../detectors/torchValues';

export interface StackCandidate {
  root: Module;
  /** Layers in forward order (a shared layer may appear twice). */
  layers: LayerInstance[];
  /** The activation after each layer (linear when none follows). */
  activations: ActivationSpec[];
  /** No opaque module, no unknown callable, nothing built under unknown conditions. */
  certain: boolean;
  /** Certain, widths known and chained, every init readable: can be simulated as written. */
  specs: LayerSpec[] | null;
  /** Where the stack comes from, e.g. "nn.Sequential (line 12)". */
  source: string;
  /** Normalization layers in the chain, which the simulation does not model. */
  norms: string[];
}

export function stackCandidate(file: SourceFile, root: Module, flow: FlowEvent[]): StackCandidate | null {
  const layers: LayerInstance[] = [];
  const activations: (ActivationSpec | null)[] = [];
  const norms: string[] = [];
  let certain = true;
  for (const event of flow) {
    switch (event.kind) {
      case 'layer':
        if (event.uncertain) certain = false;
        layers.push(event.layer);
        activations.push(null);
        break;
      case 'activation':
        if (event.uncertain) certain = false;
        // The first activation after a layer is the one that shapes its output statistics; an
        // activation before any layer acts on the input, which the simulation takes as given.
        if (layers.length > 0 && activations[activations.length - 1] === null) activations[activations.length - 1] = event.spec;
        else if (layers.length > 0) certain = false;
        break;
      case 'norm':
        norms.push(event.className);
        break;
      case 'opaque':
        certain = false;
        break;
    }
  }
  if (layers.length === 0) return null;
  const resolved = activations.map((a) => a ?? { name: 'linear' as const });
  const source = describeRoot(file, root, norms);
  return { root, layers, activations: resolved, certain, specs: certain ? layerSpecs(layers, resolved) : null, source, norms };
}

function describeRoot(file: SourceFile, root: Module, norms: string[]): string {
  let where: string;
  if (root.kind === 'container') where = root.call ? `nn.${root.className} (line ${positionAt(file, root.call.from).line + 1})` : `nn.${root.className}`;
  else if (root.kind === 'instance' && root.sequential) where = `${root.cls.name} (an nn.Sequential, class at line ${positionAt(file, root.cls.node.from).line + 1})`;
  else if (root.kind === 'instance') where = `${root.cls.name}.forward (class at line ${positionAt(file, root.cls.node.from).line + 1})`;
  else where = 'a module';
  return norms.length > 0 ? `${where}; ${[...new Set(norms)].join(', ')} not simulated` : where;
}

/** The init a layer's weight ends up with: the last init call, else the constructor default. */
export function effectiveInit(layer: LayerInstance): InitSpec | null {
  if (!layer.weightInit) return { scheme: 'torch_default' };
  return layer.weightInit.parsed.complete ? { ...layer.weightInit.parsed.init } : null;
}

export function receptiveField(layer: LayerInstance): number | null {
  return layer.kernel === null ? null : layer.kernel.reduce((p, k) => p * k, 1);
}

/** LayerSpec[] when every width is known, consecutive widths chain, and every init resolves. */
function layerSpecs(layers: LayerInstance[], activations: ActivationSpec[]): LayerSpec[] | null {
  const specs: LayerSpec[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const rf = receptiveField(layer);
    const init = effectiveInit(layer);
    if (layer.inFeatures === null || layer.outFeatures === null || rf === null || layer.groups === null || init === null) return null;
    if (i > 0 && layers[i - 1].outFeatures !== layer.inFeatures) return null;
    // LayerSpec widths are channels for a conv; the init carries the receptive field and groups.
    if (rf !== 1) init.receptiveField = rf;
    if (layer.groups !== 1) init.groups = layer.groups;
    const spec: LayerSpec = { fanIn: layer.inFeatures, fanOut: layer.outFeatures, init, activation: activations[i] };
    try {
      resolveInit(init, spec.fanIn, spec.fanOut);
      const bias = biasOf(layer, (layer.inFeatures / layer.groups) * rf);
      if (bias) {
        resolveInit(bias, spec.fanIn, spec.fanOut);
        spec.bias = bias;
      }
    } catch {
      return null;
    }
    specs.push(spec);
  }
  return specs;
}

function biasOf(layer: LayerInstance, fanIn: number): InitSpec | null {
  if (!layer.hasBias) return null;
  if (layer.biasInit === undefined) return torchDefaultBias(fanIn);
  return layer.biasInit;
}

/** For each layer, the stack it belongs to: the largest simulatable one containing it. */
export function assignStacks(candidates: StackCandidate[]): Map<LayerInstance, StackCandidate> {
  const out = new Map<LayerInstance, StackCandidate>();
  const ranked = candidates.filter((c) => c.specs !== null).sort((a, b) => b.layers.length - a.layers.length || a.root.id - b.root.id);
  for (const candidate of ranked) for (const layer of candidate.layers) if (!out.has(layer)) out.set(layer, candidate);
  return out;
}

/** Depth when no stack is simulatable: the largest certain flow, else the enclosing container. */
export function assignDepths(file: SourceFile, candidates: StackCandidate[], modules: Module[]): Map<LayerInstance, { depth: number; source: string }> {
  const out = new Map<LayerInstance, { depth: number; source: string }>();
  const ranked = candidates.filter((c) => c.certain).sort((a, b) => b.layers.length - a.layers.length || a.root.id - b.root.id);
  for (const candidate of ranked) {
    for (const layer of candidate.layers) if (!out.has(layer)) out.set(layer, { depth: candidate.layers.length, source: `${candidate.layers.length} weight layers in ${candidate.source}` });
  }
  // Innermost first: a container's own layers, e.g. nn.ModuleList([nn.Linear(d, d) for _ in range(L)]).
  const containers = modules.filter((m) => m.kind === 'container' && !m.uncertain);
  const counted = containers.map((c) => ({ container: c, layers: layersIn(c) })).sort((a, b) => a.layers.length - b.layers.length);
  for (const { container, layers } of counted) {
    if (container.kind !== 'container' || layers.some((l) => l.uncertain)) continue;
    const where = container.call ? `nn.${container.className} (line ${positionAt(file, container.call.from).line + 1})` : `nn.${container.className}`;
    for (const layer of layers) if (!out.has(layer)) out.set(layer, { depth: layers.length, source: `${layers.length} weight layers in ${where}` });
  }
  return out;
}

function layersIn(module: Module, depth = 0): LayerInstance[] {
  if (depth > 32) return [];
  if (module.kind === 'layer') return [module.layer];
  if (module.kind === 'container') return module.items.flatMap((m) => layersIn(m, depth + 1));
  if (module.kind === 'instance') return module.children.flatMap(([, m]) => layersIn(m, depth + 1));
  return [];
}

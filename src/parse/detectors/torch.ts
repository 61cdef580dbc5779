// PyTorch init sites (framework 'torch'): `nn.init.<scheme>_(w, ...)` under any alias, in-place
// tensor inits (`w.weight.data.normal_(0, 0.02)`), and the default init of every nn.Linear /
// nn.Conv{1,2,3}d that no later init call overrides. The model code is read by a small abstract
// interpreter (torchInterpreter.ts), so `self.apply(fn)`, `for m in self.modules()`, layer loops
// and helper functions resolve to the actual layers, with their real fans and stacks.

import type { DetectContext } from '../detect';
import { makeSite } from '../detect';
import { childrenOf, dottedName, textOf, walk, type SyntaxNode } from '../syntax';
import type { InitSite, SiteContext } from '../types';
import { initArgs } from './torchConstructors';
import { StackIndex, activationHint, tensorFans, withStd, type Fans, type LayerContext } from './torchContext';
import { argItems } from './torchArguments';
import { isInitFunction, isInitMethod, type ParsedInit } from './torchInit';
import { TorchInterpreter, type InterpreterResult } from './torchInterpreter';
import { LAYER_CLASSES, torchInitFunction, torchModuleClass, torchPath } from './torchNames';
import { isBiasName, isNormBranch, isWeightLikeName, stripData } from './torchStatic';
import { parseInit, readerFor } from './torchTrace';
import type { InitEvent, LayerInstance, TensorValue } from './torchValues';

/** Cheap pre-check so files without PyTorch never pay for the interpreter. */
const TORCH_HINT = /torch|\bnn\.|\binit\.|(?:normal|uniform|zero|fill)_\s*\(|\b(?:Linear|Conv[123]d)\s*\(/;

export function detectTorchSites(ctx: DetectContext): InitSite[] {
  if (!TORCH_HINT.test(ctx.file.text)) return [];
  try {
    return detect(ctx);
  } catch {
    // Reading code must never take the scan down; a detector bug costs this file's torch sites.
    return [];
  }
}

interface Detection {
  ctx: DetectContext;
  interpreter: TorchInterpreter;
  result: InterpreterResult;
  index: StackIndex;
  events: Map<number, InitEvent[]>;
  layers: Map<number, LayerInstance[]>;
}

function detect(ctx: DetectContext): InitSite[] {
  const interpreter = new TorchInterpreter(ctx.file, ctx.imports, ctx.scope);
  const result = interpreter.run();
  interpreter.refill(200_000);
  const index = new StackIndex(ctx.file, result);
  interpreter.refill(100_000);
  const d: Detection = { ctx, interpreter, result, index, events: groupBy(result.events, (e) => e.call.from), layers: groupBy(result.layers, (l) => l.call.from) };
  const sites: InitSite[] = [];
  const constructors: SyntaxNode[] = [];
  walk(ctx.file.tree.topNode, (node) => {
    if (node.name !== 'CallExpression') return;
    const callee = node.firstChild;
    const dotted = dottedName(ctx.file, callee);
    const path = dotted === null ? null : torchPath(dotted, ctx.imports);
    const initName = path === null ? null : torchInitFunction(path);
    if (initName !== null && isInitFunction(initName)) {
      push(sites, explicitSite(d, node, initName, 'function'));
      return;
    }
    const method = callee?.name === 'MemberExpression' ? callee.lastChild : null;
    if (method?.name === 'PropertyName' && isInitMethod(textOf(ctx.file, method)) && !(path ?? '').startsWith('torch.nn.init.')) {
      push(sites, explicitSite(d, node, textOf(ctx.file, method), 'method'));
      return;
    }
    const className = path === null ? null : torchModuleClass(path);
    if (className !== null && (LAYER_CLASSES as readonly string[]).includes(className)) constructors.push(node);
  });
  const explicitTargets = new Set(sites.map((s) => s.target).filter((t): t is string => t !== undefined));
  for (const node of constructors) push(sites, implicitSite(d, node, explicitTargets));
  return sites;
}

function push(sites: InitSite[], site: InitSite | null): void {
  if (site) sites.push(site);
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** `nn.init.*_(target, ...)` or `target.normal_(...)`: the site, unless it writes no layer weight. */
function explicitSite(d: Detection, node: SyntaxNode, name: string, form: 'function' | 'method'): InitSite | null {
  const file = d.ctx.file;
  const targetNode = form === 'function' ? tensorArgument(d, node) : (node.firstChild?.firstChild ?? null);
  const written = targetNode ? stripData(textOf(file, targetNode)) : undefined;
  // `W = torch.empty(n, m).normal_(0, 0.01)`: the tensor becomes the weight it is assigned to.
  const assigned = form === 'method' && !(written !== undefined && isWeightLikeName(written)) ? assignedWeight(d, node) : null;
  const target = assigned ?? written;
  const events = d.events.get(node.from) ?? [];
  const layers: LayerInstance[] = [];
  const tensors: TensorValue[] = [];
  const relevant: InitEvent[] = [];
  for (const event of events) {
    const t = event.target;
    if (t.kind === 'layer' && t.part === 'weight') {
      if (!layers.includes(t.layer)) layers.push(t.layer);
      relevant.push(event);
    } else if (t.kind === 'tensor' && (form === 'function' || t.tensor.parameter || assigned !== null || (target !== undefined && isWeightLikeName(target)))) {
      tensors.push(t.tensor);
      relevant.push(event);
    } else if (t.kind === 'weight' || (t.kind === 'unknown' && staticallyWeight(d, node, form, target, event.parsed))) {
      relevant.push(event);
    }
  }
  let parsed: ParsedInit | null;
  if (events.length > 0) {
    if (relevant.length === 0) return null;
    parsed = relevant[0].parsed;
  } else {
    // Never reached by the interpreter: read the arguments with the module's final names.
    parsed = parseInit(name, form, initArgs({ node, env: d.interpreter.globals, args: argItems(d.interpreter, node) }, form === 'function' ? 1 : 0, form === 'function' ? 'tensor' : null), readerFor(d.interpreter, d.interpreter.globals));
    if (!parsed || !staticallyWeight(d, node, form, target, parsed)) return null;
  }
  const varying = relevant.some((e) => JSON.stringify(e.parsed.init) !== JSON.stringify(parsed.init));
  let layerContext: LayerContext = { context: {}, fans: {} };
  if (layers.length > 0) layerContext = d.index.contextFor(layers);
  else if (tensors.length > 0) layerContext = tensorContext(tensors, target);
  const context: SiteContext = { ...layerContext.context };
  const hint = activationHint(parsed.hint);
  if (!context.activation && hint) context.activation = hint;
  const computed = withStd(parsed.init, parsed.params, layerContext.fans, parsed.complete && !varying);
  const unresolved = [...parsed.unresolved, ...computed.unresolved];
  // The same call gave different numbers for different layers (e.g. std from m.in_features).
  if (varying) unresolved.push(argumentsText(d, node, form));
  return makeSite(d.ctx, node, {
    framework: 'torch',
    init: parsed.init,
    params: { ...computed.params, ...convParams(layerContext) },
    unresolved,
    implicit: false,
    ...(target !== undefined ? { target } : {}),
    context,
  });
}

/** The weight a freshly initialized tensor is stored in: `nn.Parameter(...)` or a weight-like name. */
function assignedWeight(d: Detection, node: SyntaxNode): string | null {
  let value = node;
  let parameter = false;
  const wrapper = node.parent?.name === 'ArgList' ? node.parent.parent : null;
  if (wrapper?.name === 'CallExpression') {
    const dotted = dottedName(d.ctx.file, wrapper.firstChild);
    if (dotted === null || torchModuleClass(torchPath(dotted, d.ctx.imports)) !== 'Parameter') return null;
    value = wrapper;
    parameter = true;
  }
  const statement = value.parent;
  if (statement?.name !== 'AssignStatement' || statement.lastChild?.from !== value.from) return parameter ? 'nn.Parameter' : null;
  const name = dottedName(d.ctx.file, statement.firstChild);
  if (name === null) return parameter ? 'nn.Parameter' : null;
  return parameter || isWeightLikeName(name) ? name : null;
}

function tensorArgument(d: Detection, node: SyntaxNode): SyntaxNode | null {
  const items = argItems(d.interpreter, node);
  return (items.find((a) => a.kind === 'keyword' && a.name === 'tensor') ?? items.find((a) => a.kind === 'positional'))?.node ?? null;
}

function tensorContext(tensors: TensorValue[], target: string | undefined): LayerContext {
  const all = tensors.map(tensorFans);
  const first = all[0];
  const fans: Fans | null = first && all.every((f) => f && f.fanIn === first.fanIn && f.fanOut === first.fanOut) ? first : null;
  const context: SiteContext = {};
  if (!fans) return { context, fans: {} };
  const source = `the shape of ${target ?? 'the tensor'}`;
  context.fanIn = { value: fans.fanIn, source };
  context.fanOut = { value: fans.fanOut, source };
  return { context, fans };
}

/** When the interpreter could not tell what the target is, its spelling decides. */
function staticallyWeight(d: Detection, node: SyntaxNode, form: 'function' | 'method', target: string | undefined, parsed: ParsedInit): boolean {
  if (target === undefined || isBiasName(target, parsed.init)) return false;
  if (form === 'method' && !isWeightLikeName(target)) return false;
  return !isNormBranch(d.ctx.file, d.ctx.imports, node);
}

function argumentsText(d: Detection, node: SyntaxNode, form: 'function' | 'method'): string {
  const list = node.getChild('ArgList');
  if (!list) return textOf(d.ctx.file, node);
  const parts = argItems(d.interpreter, node).slice(form === 'function' ? 1 : 0);
  return parts.map((a) => (a.kind === 'keyword' ? `${a.name}=${textOf(d.ctx.file, a.node)}` : textOf(d.ctx.file, a.node))).join(', ') || textOf(d.ctx.file, list);
}

function convParams(layerContext: LayerContext): Record<string, number> {
  const out: Record<string, number> = {};
  if (layerContext.receptiveField !== undefined) out.receptiveField = layerContext.receptiveField;
  if (layerContext.groups !== undefined) out.groups = layerContext.groups;
  return out;
}

/** `nn.Linear(in, out)` / `nn.Conv2d(...)` whose default init survives. */
function implicitSite(d: Detection, node: SyntaxNode, explicitTargets: Set<string>): InitSite | null {
  let instances = d.layers.get(node.from) ?? [];
  if (instances.length === 0) {
    // Not reached (e.g. the work budget ran out): build it once from the module's names.
    const value = d.interpreter.evaluate(node, d.interpreter.globals);
    if (!value || typeof value !== 'object' || value.kind !== 'layer') return null;
    const assigned = assignedName(d, node);
    if (assigned !== null && explicitTargets.has(`${assigned}.weight`)) return null;
    instances = [value.layer];
  }
  const defaults = instances.filter((l) => l.weightInit === null);
  if (defaults.length === 0) return null;
  const init = { scheme: 'torch_default' as const };
  const layerContext = d.index.contextFor(defaults);
  const computed = withStd(init, {}, layerContext.fans, true);
  const unresolved = [...new Set(defaults.flatMap((l) => l.unresolved))];
  // Unevaluated widths already say why std is missing; otherwise name the missing fan.
  if (unresolved.length === 0) unresolved.push(...computed.unresolved);
  const target = targetOf(defaults);
  return makeSite(d.ctx, node, {
    framework: 'torch',
    init,
    params: { ...computed.params, ...convParams(layerContext) },
    unresolved,
    implicit: true,
    ...(target !== undefined ? { target } : {}),
    context: layerContext.context,
  });
}

function assignedName(d: Detection, node: SyntaxNode): string | null {
  const parent = node.parent;
  if (parent?.name !== 'AssignStatement') return null;
  const first = childrenOf(parent)[0];
  return first ? dottedName(d.ctx.file, first) : null;
}

/** `self.fc1.weight`; `self.layers[i].weight` for the layers one constructor makes in a loop. */
function targetOf(layers: LayerInstance[]): string | undefined {
  const paths = [...new Set(layers.map((l) => l.path).filter((p): p is string => p !== null))];
  if (paths.length === 0) return undefined;
  if (paths.length === 1) return `${paths[0]}.weight`;
  const general = new Set(paths.map((p) => p.replace(/\[\d+\]/g, '[i]')));
  return general.size === 1 ? `${[...general][0]}.weight` : undefined;
}

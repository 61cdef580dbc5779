// Initializers that are not a layer's kernel: applied to a shape (`he_init(shape=(1000, 100))`,
// `init(key, (784, 512))`, `self.param('kernel', init, (n, m))`, `hk.get_parameter('w', shape,
// init=…)`), or written and handed to something we do not model. Bias-like uses are no sites.

import { makeSite } from '../detect';
import { qualify } from '../imports';
import { argument, callArgs, dottedName, statementOf, stringValue, textOf, type SyntaxNode } from '../syntax';
import type { Framework, InitSite } from '../types';
import { initializerName, readInitializer, type InitializerFamily, type InitializerRead } from './kerasInitializers';
import { initParams, nodeKey, shapeOf, type ReadContext } from './kerasStack';
import { JAX_INITIALIZERS } from './flaxInitializers';
import { HAIKU_INITIALIZERS } from './haiku';

/** Keyword and variable names that hold a bias, scale or lookup-table init, not a weight matrix's. */
const NOT_A_WEIGHT = /^(bias|b_init|b$|beta|gamma|moving|scale_init|offset_init|embedding|alpha_init)/i;

export function initializerSites(rc: ReadContext, families: readonly InitializerFamily[]): InitSite[] {
  const sites: InitSite[] = [];
  const file = rc.ctx.file;
  const calls: SyntaxNode[] = [];
  const refs: SyntaxNode[] = [];
  const cursor = file.tree.cursor();
  do {
    if (cursor.name === 'CallExpression') calls.push(cursor.node);
    else if (cursor.name === 'VariableName' || cursor.name === 'MemberExpression') refs.push(cursor.node);
  } while (cursor.next());
  for (const call of calls) {
    const site = application(rc, call, families);
    if (site) sites.push(site);
  }
  for (const node of [...calls, ...refs]) {
    if (rc.consumed.has(nodeKey(node)) || !isInitializerExpression(rc, node, families) || holdsNonWeight(rc, node)) continue;
    const read = readInitializer(rc, node, families);
    if (!read) continue;
    rc.consumed.add(nodeKey(node));
    const { params, missing } = initParams(read.init, null, null, read.unresolved.length === 0);
    sites.push(
      makeSite(rc.ctx, node, {
        framework: read.family.framework,
        init: read.init,
        params,
        unresolved: [...read.unresolved, ...missing],
        ...targetOf(rc, node),
      }),
    );
  }
  return sites;
}

/** A factory call (`HeNormal()`) or a bare reference in a value position (`init = nn.initializers.zeros`). */
function isInitializerExpression(rc: ReadContext, node: SyntaxNode, families: readonly InitializerFamily[]): boolean {
  const file = rc.ctx.file;
  const parent = node.parent;
  if (node.name === 'CallExpression') {
    const callee = dottedName(file, node.firstChild);
    const known = callee === null ? null : initializerName(qualify(callee, rc.ctx.imports), families);
    return !!known && !known.family.isFunction?.(known.name);
  }
  if (!parent) return false;
  const isAssignedValue = parent.name === 'AssignStatement' && parent.lastChild !== null && nodeKey(parent.lastChild) === nodeKey(node);
  const isKeywordValue = parent.name === 'ArgList' && node.prevSibling?.name === 'AssignOp';
  if (!isAssignedValue && !isKeywordValue) return false;
  const dotted = dottedName(file, node);
  return dotted !== null && initializerName(qualify(dotted, rc.ctx.imports), families) !== null;
}

/** Passed as bias_initializer=, b_init=, … or bound to a bias-like name. */
function holdsNonWeight(rc: ReadContext, node: SyntaxNode): boolean {
  const file = rc.ctx.file;
  const parent = node.parent;
  if (parent?.name === 'ArgList' && node.prevSibling?.name === 'AssignOp') {
    const keyword = node.prevSibling.prevSibling;
    return !!keyword && NOT_A_WEIGHT.test(textOf(file, keyword));
  }
  const target = assignedName(rc, node);
  return target !== null && NOT_A_WEIGHT.test(target.slice(target.lastIndexOf('.') + 1));
}

function assignedName(rc: ReadContext, node: SyntaxNode): string | null {
  const statement = statementOf(node);
  if (statement.name !== 'AssignStatement' || statement.lastChild === null) return null;
  // Only when the expression is (the start of) the assigned value: W = init(key, shape).numpy()
  if (node.from < statement.lastChild.from) return null;
  return dottedName(rc.ctx.file, statement.firstChild);
}

function targetOf(rc: ReadContext, node: SyntaxNode): { target?: string } {
  const name = assignedName(rc, node);
  return name === null ? {} : { target: name };
}

interface Application {
  read: InitializerRead;
  shapeNode: SyntaxNode | undefined;
  framework: Framework;
  /** The parameter's own name ('kernel', 'w'), for parameter creation calls. */
  paramName: string | null;
}

/** `init(key, shape)`, `init(shape=…)`, `he_normal()(key, shape)`, `self.param(…)`, `hk.get_parameter(…)`. */
function readApplication(rc: ReadContext, call: SyntaxNode, families: readonly InitializerFamily[]): Application | null {
  const file = rc.ctx.file;
  const callee = call.firstChild;
  if (!callee) return null;
  const args = callArgs(file, call);
  const name = dottedName(file, callee);
  const path = name === null ? null : qualify(name, rc.ctx.imports);
  if (name === 'self.param') {
    const read = readInitializer(rc, args.positional[1], [JAX_INITIALIZERS]);
    return read ? { read, shapeNode: args.positional[2], framework: 'flax', paramName: stringValue(file, args.positional[0]) } : null;
  }
  if (path === 'haiku.get_parameter') {
    const read = readInitializer(rc, argument(args, 3, 'init'), [HAIKU_INITIALIZERS]);
    return read ? { read, shapeNode: argument(args, 1, 'shape'), framework: 'haiku', paramName: stringValue(file, args.positional[0]) } : null;
  }
  if (callee.name !== 'CallExpression') {
    if (path === null) return null;
    const known = initializerName(path, families);
    // HeNormal(seed=0) builds an initializer; only JAX's zeros/ones are applied by name.
    if (known && !known.family.isFunction?.(known.name)) return null;
    if (!known && !rc.bindings.resolve(name ?? '', call.from)) return null;
  }
  const read = readInitializer(rc, callee, families);
  if (!read) return null;
  return { read, shapeNode: argument(args, read.family.shapeIndex, 'shape'), framework: read.family.framework, paramName: null };
}

function application(rc: ReadContext, call: SyntaxNode, families: readonly InitializerFamily[]): InitSite | null {
  const found = readApplication(rc, call, families);
  if (!found) return null;
  const { read, shapeNode, framework, paramName } = found;
  rc.consumed.add(nodeKey(read.node));
  const shape = shapeOf(rc, shapeNode);
  const target = paramName ?? assignedName(rc, call);
  // Biases and scales (1-D) are not weight matrices.
  if ((paramName !== null && NOT_A_WEIGHT.test(paramName)) || (target !== null && NOT_A_WEIGHT.test(target)) || (shape !== null && shape.length < 2)) return null;
  const init = { ...read.init };
  const unresolved = [...read.unresolved];
  let fanIn: number | null = null;
  let fanOut: number | null = null;
  const shapeText = shapeNode ? textOf(rc.ctx.file, shapeNode) : 'shape';
  if (shape) {
    // (…, in, out) as Keras and JAX lay kernels out; leading axes are the receptive field.
    fanIn = shape[shape.length - 2];
    fanOut = shape[shape.length - 1];
    const field = shape.slice(0, -2).reduce<number | null>((p, d) => (p === null || d === null ? null : p * d), 1);
    if (field === null) unresolved.push(shapeText);
    else if (field !== 1) init.receptiveField = field;
  } else {
    unresolved.push(shapeText);
  }
  // An unknown receptive field multiplies both fans: no std then.
  const fieldKnown = !unresolved.includes(shapeText);
  const { params, missing } = initParams(init, fieldKnown ? fanIn : null, fieldKnown ? fanOut : null, read.unresolved.length === 0);
  return makeSite(rc.ctx, call, {
    framework,
    init,
    params,
    unresolved: [...new Set([...unresolved, ...missing])],
    ...(target !== null ? { target } : {}),
    context: {
      ...(fanIn !== null ? { fanIn: { value: fanIn, source: `shape ${shapeText}` } } : {}),
      ...(fanOut !== null ? { fanOut: { value: fanOut, source: `shape ${shapeText}` } } : {}),
    },
  });
}

// Expression evaluation for the model-reading interpreter: literals, names, arithmetic,
// comparisons, attributes, subscripts, comprehensions and calls. Unknown stays unknown (null);
// nothing the user wrote is executed.

import { pythonArithmetic } from '../evaluate';
import { childrenOf, stringValue, textOf, type SyntaxNode } from '../syntax';
import { attribute } from './torchAttributes';
import { torchPath } from './torchNames';
import { argItems, evaluateArgs } from './torchArguments';
import { Env, NONE, equal, fromValue, isModule, truthy, type ListValue, type Machine, type Runtime } from './torchValues';

/** Names that mean something even when the file does not bind them. */
const GLOBAL_NAMES = new Set([
  'isinstance', 'type', 'len', 'range', 'zip', 'enumerate', 'list', 'tuple', 'dict', 'int', 'float', 'str', 'abs', 'min', 'max',
  'sum', 'sorted', 'reversed', 'hasattr', 'getattr', 'setattr', 'super', 'print', 'round', 'bool', 'OrderedDict', 'torch', 'math', 'nn', 'F', 'init',
]);

/** Loops longer than this are treated as unknown (a training loop, not a layer loop). */
export const MAX_ITERATIONS = 4096;

export function evaluateExpression(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const file = m.file;
  switch (node.name) {
    case 'Number':
      return m.scope.number(node);
    case 'String':
      return stringValue(file, node);
    case 'FormatString':
      return formatString(m, node, env);
    case 'Boolean':
      return textOf(file, node) === 'True';
    case 'None':
      return NONE;
    case 'VariableName':
      return lookupName(m, textOf(file, node), node, env);
    case 'ParenthesizedExpression':
      return m.evaluate(innerOf(node), env);
    case 'TupleExpression':
    case 'ArrayExpression':
      return listLiteral(m, node, env);
    case 'DictionaryExpression':
      return dictLiteral(m, node, env);
    case 'ArrayComprehensionExpression':
    case 'ComprehensionExpression':
      return comprehension(m, node, env);
    case 'UnaryExpression':
      return unary(m, node, env);
    case 'BinaryExpression':
      return binary(m, node, env);
    case 'ConditionalExpression': {
      const [then, , condition, , otherwise] = childrenOf(node);
      const test = truthy(m.evaluate(condition, env));
      if (test === null) return null;
      return m.evaluate(test ? then : otherwise, env);
    }
    case 'MemberExpression':
      return member(m, node, env);
    case 'CallExpression':
      return callExpression(m, node, env);
    case 'LambdaExpression':
      return { kind: 'function', node, closure: env, self: null, owner: null };
    default:
      return null;
  }
}

/** `f'fc{i}'` with every replacement known (no format spec or conversion); else unknown. */
function formatString(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const raw = textOf(m.file, node);
  const opening = /^[rRbBuU]?[fF][rRbB]?('''|"""|'|")/.exec(raw) ?? /^[rR]?('''|"""|'|")/.exec(raw);
  if (!opening || !raw.endsWith(opening[1]) || raw.length < opening[0].length + opening[1].length) return null;
  let out = '';
  let at = node.from + opening[0].length;
  for (const part of childrenOf(node)) {
    if (part.name !== 'FormatReplacement') continue;
    out += m.file.text.slice(at, part.from);
    const inner = childrenOf(part).filter((k) => k.name !== '{' && k.name !== '}');
    const value = inner.length === 1 ? m.evaluate(inner[0], env) : null;
    if (typeof value !== 'number' && typeof value !== 'string') return null;
    out += String(value);
    at = part.to;
  }
  out += m.file.text.slice(at, node.to - opening[1].length);
  return out.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

function innerOf(node: SyntaxNode): SyntaxNode | undefined {
  return childrenOf(node).find((c) => c.name !== '(' && c.name !== ')');
}

export function lookupName(m: Machine, name: string, node: SyntaxNode, env: Env): Runtime {
  if (env.has(name)) return env.get(name);
  const constant = m.scope.lookup(name, node.from);
  if (constant !== null) return fromValue(constant);
  if (m.imports.has(name) || GLOBAL_NAMES.has(name)) return { kind: 'path', path: torchPath(name, m.imports) };
  return null;
}

function listLiteral(m: Machine, node: SyntaxNode, env: Env): ListValue {
  const items: Runtime[] = [];
  let uncertain = false;
  let splat = false;
  for (const child of childrenOf(node)) {
    if (['(', ')', '[', ']', ',', 'Comment'].includes(child.name)) continue;
    if (child.name === '*') {
      splat = true;
      continue;
    }
    const value = m.evaluate(child, env);
    if (splat) {
      const spread = spreadOf(value);
      if (spread === null || spread.uncertain) uncertain = true;
      items.push(...(spread?.items ?? []));
      splat = false;
    } else items.push(value);
  }
  return { kind: 'list', items, uncertain };
}

function dictLiteral(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const parts = childrenOf(node).filter((c) => !['{', '}', ',', 'Comment'].includes(c.name));
  const entries: [Runtime, Runtime][] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    if (parts[i + 1]?.name !== ':') return null;
    entries.push([m.evaluate(parts[i], env), m.evaluate(parts[i + 2], env)]);
  }
  return { kind: 'dict', entries };
}

/**
 * The items `*value` spreads. Unlike a loop, a spread of a list built under unknown conditions
 * still yields what was built (flagged uncertain), so `nn.Sequential(*layers)` keeps its layers.
 */
export function spreadOf(value: Runtime): { items: Runtime[]; uncertain: boolean } | null {
  if (value && typeof value === 'object' && value.kind === 'list') return { items: value.items, uncertain: value.uncertain };
  const items = iterate(value);
  return items === null ? null : { items, uncertain: false };
}

/** The items a `for` loop would see; null when unknown or too many. */
export function iterate(value: Runtime): Runtime[] | null {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? [...value] : null;
  let items: Runtime[] | null = null;
  if (value.kind === 'list' && !value.uncertain) items = value.items;
  else if (value.kind === 'dict') items = value.entries.map(([k]) => k);
  else if (value.kind === 'container') items = value.className === 'ModuleDict' ? value.keys : value.items;
  else if (value.kind === 'instance' && value.sequential) items = value.sequential;
  return items && items.length <= MAX_ITERATIONS ? items : null;
}

/** Binds assignment / loop targets (`x`, `a, (b, c)`, `self.fc`) to a value. */
export function bindTargets(m: Machine, targets: SyntaxNode[], value: Runtime, env: Env, assignAttribute: (object: Runtime, name: string, value: Runtime, node: SyntaxNode) => void): void {
  if (targets.length === 1 && !['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(targets[0].name)) {
    bindOne(m, targets[0], value, env, assignAttribute);
    return;
  }
  const flat = targets.length === 1 ? childrenOf(targets[0]).filter((c) => !['(', ')', '[', ']', ','].includes(c.name)) : targets;
  const items = iterate(value);
  flat.forEach((target, i) => bindTargets(m, [target], items?.[i] ?? null, env, assignAttribute));
}

function bindOne(m: Machine, target: SyntaxNode, value: Runtime, env: Env, assignAttribute: (object: Runtime, name: string, value: Runtime, node: SyntaxNode) => void): void {
  if (target.name === 'VariableName') {
    env.set(textOf(m.file, target), value);
    return;
  }
  if (target.name !== 'MemberExpression') return;
  const kids = childrenOf(target);
  const object = m.evaluate(kids[0], env);
  const last = kids[kids.length - 1];
  if (kids[1]?.name === '.' && last?.name === 'PropertyName') assignAttribute(object, textOf(m.file, last), value, target);
  else if (kids[1]?.name === '[' && object && typeof object === 'object' && object.kind === 'list') {
    const index = m.evaluate(kids[2], env);
    if (typeof index === 'number' && Number.isInteger(index) && object.items.at(index) !== undefined) object.items[index < 0 ? object.items.length + index : index] = value;
  }
}

interface Clause {
  kind: 'for' | 'if';
  targets: SyntaxNode[];
  expression: SyntaxNode | null;
}

function comprehension(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const kids = childrenOf(node).filter((c) => !['[', ']', '(', ')', 'Comment'].includes(c.name));
  const element = kids[0];
  if (!element || kids[1]?.name === ':') return null; // dict comprehensions are not needed
  const clauses: Clause[] = [];
  for (let i = 1; i < kids.length; i++) {
    if (kids[i].name === 'for') {
      const inAt = kids.findIndex((k, j) => j > i && k.name === 'in');
      if (inAt < 0) return null;
      clauses.push({ kind: 'for', targets: kids.slice(i + 1, inAt).filter((k) => k.name !== ','), expression: kids[inAt + 1] ?? null });
      i = inAt + 1;
    } else if (kids[i].name === 'if') {
      clauses.push({ kind: 'if', targets: [], expression: kids[i + 1] ?? null });
      i++;
    }
  }
  const out: ListValue = { kind: 'list', items: [], uncertain: false };
  const scope = new Env(env);
  const run = (index: number): void => {
    if (!m.tick()) return;
    const clause = clauses[index];
    if (!clause) {
      out.items.push(m.evaluate(element, scope));
      return;
    }
    if (clause.kind === 'if') {
      const test = truthy(m.evaluate(clause.expression, scope));
      if (test === false) return;
      if (test === null) out.uncertain = true;
      run(index + 1);
      return;
    }
    const items = iterate(m.evaluate(clause.expression, scope));
    const noop = () => undefined;
    if (items === null) {
      out.uncertain = true;
      m.maybe(() => {
        bindTargets(m, clause.targets, null, scope, noop);
        run(index + 1);
      });
      return;
    }
    for (const item of items) {
      bindTargets(m, clause.targets, item, scope, noop);
      run(index + 1);
    }
  };
  run(0);
  return out;
}

function unary(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const [op, operand] = childrenOf(node);
  if (!op) return null;
  const value = m.evaluate(operand, env);
  const operator = textOf(m.file, op);
  if (operator === 'not') {
    const t = truthy(value);
    return t === null ? null : !t;
  }
  if (typeof value !== 'number') return null;
  return operator === '-' ? -value : operator === '+' ? value : null;
}

function binary(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const kids = childrenOf(node);
  const left = kids[0];
  const right = kids[kids.length - 1];
  if (!left || !right || kids.length < 3) return null;
  const operator = kids
    .slice(1, -1)
    .map((k) => textOf(m.file, k))
    .join(' ');
  if (operator === 'and' || operator === 'or') {
    const a = truthy(m.evaluate(left, env));
    if (operator === 'and' && a === false) return false;
    if (operator === 'or' && a === true) return true;
    const b = truthy(m.evaluate(right, env));
    if (a === null) return operator === 'and' ? (b === false ? false : null) : b === true ? true : null;
    return b;
  }
  const a = m.evaluate(left, env);
  const b = m.evaluate(right, env);
  // Two unknown tensors combined inside a forward (a residual `x + f(x)`, `q @ k`): the
  // layers no longer form a plain chain.
  if (m.tracing && a === null && b === null && ['+', '-', '*', '/', '@'].includes(operator)) m.flow({ kind: 'opaque', name: `tensor ${operator}` });
  return applyOperator(operator, a, b);
}

export function applyOperator(operator: string, a: Runtime, b: Runtime): Runtime {
  switch (operator) {
    case '==':
      return equal(a, b);
    case '!=': {
      const e = equal(a, b);
      return e === null ? null : !e;
    }
    case 'is':
    case 'is not': {
      const e = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' ? a === b || (a.kind === 'none' && b.kind === 'none') || equal(a, b) === true : equal(a, b);
      return e === null ? null : operator === 'is' ? e : !e;
    }
    case 'in':
    case 'not in': {
      const found = contains(b, a);
      return found === null ? null : operator === 'in' ? found : !found;
    }
  }
  if (typeof a === 'number' && typeof b === 'number') return arithmetic(operator, a, b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (operator === '+') return a + b;
    return compare(operator, a < b ? -1 : a > b ? 1 : 0);
  }
  if (a && typeof a === 'object' && a.kind === 'list') {
    if (operator === '+' && b && typeof b === 'object' && b.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items], uncertain: a.uncertain || b.uncertain };
    if (operator === '*' && typeof b === 'number' && Number.isInteger(b) && b >= 0 && a.items.length * b <= 100_000) {
      return { kind: 'list', items: Array.from({ length: b }, () => a.items).flat(), uncertain: a.uncertain };
    }
  }
  // randn(a, b) * 0.01 keeps the shape the init functions need for fans.
  const tensor = [a, b].find((v) => v !== null && typeof v === 'object' && v.kind === 'tensor');
  if (tensor && ['*', '/', '+', '-'].includes(operator) && [a, b].every((v) => typeof v === 'number' || v === tensor)) return tensor;
  return null;
}

function contains(container: Runtime, item: Runtime): boolean | null {
  if (typeof container === 'string') return typeof item === 'string' ? container.includes(item) : null;
  const items = iterate(container);
  if (items === null) return null;
  let unknown = false;
  for (const candidate of items) {
    const e = equal(candidate, item);
    if (e === true) return true;
    if (e === null) unknown = true;
  }
  return unknown ? null : false;
}

function arithmetic(operator: string, a: number, b: number): Runtime {
  const value = pythonArithmetic(operator, a, b);
  return value !== undefined ? value : compare(operator, a - b);
}

function compare(operator: string, difference: number): Runtime {
  switch (operator) {
    case '<':
      return difference < 0;
    case '<=':
      return difference <= 0;
    case '>':
      return difference > 0;
    case '>=':
      return difference >= 0;
    default:
      return null;
  }
}

function member(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const kids = childrenOf(node);
  const objectNode = kids[0];
  if (!objectNode) return null;
  if (kids[1]?.name === '.') {
    const property = kids[kids.length - 1];
    if (property?.name !== 'PropertyName') return null;
    return attribute(m, m.evaluate(objectNode, env), textOf(m.file, property), node);
  }
  if (kids[1]?.name !== '[') return null;
  const object = m.evaluate(objectNode, env);
  const inner = kids.slice(2, -1);
  if (inner.some((k) => k.name === ':')) return slice(m, object, inner, env);
  const key = m.evaluate(inner[0], env);
  if (object && typeof object === 'object' && object.kind === 'dict') return object.entries.find(([k]) => equal(k, key) === true)?.[1] ?? null;
  if (object && typeof object === 'object' && object.kind === 'container' && typeof key === 'string') {
    const at = object.keys.indexOf(key);
    return at >= 0 ? object.items[at] : null;
  }
  const items = object && typeof object === 'object' && object.kind === 'list' && object.uncertain ? null : iterate(object);
  if (items === null || typeof key !== 'number' || !Number.isInteger(key)) return null;
  return items.at(key) ?? null;
}

function slice(m: Machine, object: Runtime, inner: SyntaxNode[], env: Env): Runtime {
  const parts: (SyntaxNode | null)[] = [null];
  for (const k of inner) {
    if (k.name === ':') parts.push(null);
    else parts[parts.length - 1] = k;
  }
  const bound = (n: SyntaxNode | null | undefined) => (n ? m.evaluate(n, env) : undefined);
  const [start, stop, step] = [bound(parts[0]), bound(parts[1]), bound(parts[2])];
  const items = iterate(object);
  if (items === null || [start, stop, step].some((v) => v !== undefined && (typeof v !== 'number' || !Number.isInteger(v)))) return null;
  let picked: Runtime[];
  if (step === undefined || step === 1) picked = items.slice(start as number | undefined, stop as number | undefined);
  else if (step === -1 && start === undefined && stop === undefined) picked = [...items].reverse();
  else return null;
  if (object && typeof object === 'object' && object.kind === 'container') {
    return { ...object, id: m.nextId(), items: picked.filter(isModule), keys: picked.map((_, i) => String(i)), path: null };
  }
  return { kind: 'list', items: picked, uncertain: false };
}

function callExpression(m: Machine, node: SyntaxNode, env: Env): Runtime {
  const calleeNode = node.firstChild;
  if (!calleeNode) return null;
  const items = argItems(m, node);
  const callee = m.evaluate(calleeNode, env);
  const site = { node, env, args: items };
  // A module call: its output is an unknown tensor. An unknown `self.act(x)` inside a traced
  // forward could be an activation, so the chain is no longer certain.
  if (callee === null && m.tracing && (calleeNode.name === 'VariableName' || /^self\.\w+$/.test(textOf(m.file, calleeNode)))) {
    evaluateArgs(m, items, env);
    m.flow({ kind: 'opaque', name: textOf(m.file, calleeNode) });
    return null;
  }
  return m.call(callee, evaluateArgs(m, items, env), site);
}

// Statement execution for the model-reading interpreter: assignments, loops, branches, with/try,
// function and class definitions. A branch or loop whose outcome is unknown runs as "maybe".

import { childrenOf, textOf, type SyntaxNode } from '../syntax';
import { applyOperator } from './torchExpressions';
import type { TorchInterpreter } from './torchInterpreter';
import { NONE, isModule, type Env, type Runtime, type UserClass } from './torchValues';
import { addItem } from './torchConstructors';

export type Completion = { type: 'normal' } | { type: 'return'; value: Runtime } | { type: 'break' } | { type: 'continue' };

const NORMAL: Completion = { type: 'normal' };

/** Runs the statements of a Script or Body. */
export function executeBlock(m: TorchInterpreter, block: SyntaxNode, env: Env): Completion {
  for (let statement = block.firstChild; statement; statement = statement.nextSibling) {
    if (!m.tick()) return NORMAL;
    const completion = execute(m, statement, env);
    if (completion.type !== 'normal') return completion;
  }
  return NORMAL;
}

function execute(m: TorchInterpreter, node: SyntaxNode, env: Env): Completion {
  switch (node.name) {
    case 'ExpressionStatement':
      m.evaluate(node.firstChild, env);
      return NORMAL;
    case 'AssignStatement':
      assign(m, node, env);
      return NORMAL;
    case 'UpdateStatement':
      update(m, node, env);
      return NORMAL;
    case 'IfStatement':
      return ifStatement(m, node, env);
    case 'ForStatement':
      return forStatement(m, node, env);
    case 'WhileStatement': {
      const body = node.getChild('Body');
      if (body) m.maybe(() => executeBlock(m, body, env));
      return NORMAL;
    }
    case 'WithStatement':
      return withStatement(m, node, env);
    case 'TryStatement': {
      // The try body and finally run; handlers are for errors that reading code never raises.
      const kids = childrenOf(node);
      const bodies = kids.filter((k, i) => k.name === 'Body' && (i === 1 || kids[i - 1]?.name === 'finally'));
      for (const body of bodies) {
        const completion = executeBlock(m, body, env);
        if (completion.type !== 'normal') return completion;
      }
      return NORMAL;
    }
    case 'ReturnStatement': {
      const parts = childrenOf(node).filter((k) => k.name !== 'return' && k.name !== ',' && k.name !== 'Comment');
      const value: Runtime = parts.length === 0 ? NONE : parts.length === 1 ? m.evaluate(parts[0], env) : { kind: 'list', items: parts.map((p) => m.evaluate(p, env)), uncertain: false };
      return { type: 'return', value };
    }
    case 'RaiseStatement':
      return m.uncertain ? NORMAL : { type: 'return', value: null };
    case 'BreakStatement':
      return { type: 'break' };
    case 'ContinueStatement':
      return { type: 'continue' };
    case 'FunctionDefinition':
      defineFunction(m, node, env);
      return NORMAL;
    case 'ClassDefinition':
      defineClass(m, node, env);
      return NORMAL;
    case 'DecoratedStatement': {
      const inner = node.getChild('FunctionDefinition') ?? node.getChild('ClassDefinition');
      return inner ? execute(m, inner, env) : NORMAL;
    }
    default:
      return NORMAL;
  }
}

function assign(m: TorchInterpreter, node: SyntaxNode, env: Env): void {
  const kids = childrenOf(node).filter((k) => k.name !== 'TypeDef' && k.name !== 'Comment');
  const ops = kids.flatMap((k, i) => (k.name === 'AssignOp' ? [i] : []));
  if (ops.length === 0) return;
  const valueParts = kids.slice(ops[ops.length - 1] + 1).filter((k) => k.name !== ',');
  if (valueParts.length === 0) return;
  const value: Runtime =
    valueParts.length === 1 ? m.evaluate(valueParts[0], env) : { kind: 'list', items: valueParts.map((v) => m.evaluate(v, env)), uncertain: false };
  let start = 0;
  for (const op of ops) {
    const targets = kids.slice(start, op).filter((k) => k.name !== ',');
    start = op + 1;
    if (targets.length > 0) m.bind(targets, value, env);
  }
}

/** `x += ...`: lists and ModuleLists grow in place; numbers are rebound. */
function update(m: TorchInterpreter, node: SyntaxNode, env: Env): void {
  const [target, op, valueNode] = childrenOf(node);
  if (!target || !op || !valueNode) return;
  const current = m.evaluate(target, env);
  const value = m.evaluate(valueNode, env);
  const operator = textOf(m.file, op).slice(0, -1);
  if (operator === '+' && current && typeof current === 'object' && (current.kind === 'list' || current.kind === 'container')) {
    const items = m.iterate(value);
    if (current.kind === 'list') {
      if (items === null || m.uncertain) current.uncertain = true;
      current.items.push(...(items ?? []));
    } else {
      if (items === null || m.uncertain) current.uncertain = true;
      for (const item of items ?? []) if (isModule(item)) addItem(current, item, null);
    }
    return;
  }
  m.bind([target], applyOperator(operator, current, value), env);
}

function ifStatement(m: TorchInterpreter, node: SyntaxNode, env: Env): Completion {
  const kids = childrenOf(node);
  let unknown = false;
  for (let i = 0; i < kids.length; i++) {
    const keyword = kids[i].name;
    if (keyword === 'else') {
      const body = kids[i + 1];
      if (!body) return NORMAL;
      return unknown ? (m.maybe(() => executeBlock(m, body, env)), NORMAL) : executeBlock(m, body, env);
    }
    if (keyword !== 'if' && keyword !== 'elif') continue;
    const condition = kids[i + 1];
    const body = kids[i + 2];
    if (!condition || body?.name !== 'Body') return NORMAL;
    const test = m.truthy(m.evaluate(condition, env));
    if (test === true && !unknown) return executeBlock(m, body, env);
    if (test === true) {
      m.maybe(() => executeBlock(m, body, env));
      return NORMAL;
    }
    if (test === null) {
      // Unknown: this branch may run, and so may the later ones.
      unknown = true;
      m.maybe(() => executeBlock(m, body, env));
    }
    i += 2;
  }
  return NORMAL;
}

function forStatement(m: TorchInterpreter, node: SyntaxNode, env: Env): Completion {
  const kids = childrenOf(node);
  const inAt = kids.findIndex((k) => k.name === 'in');
  const body = node.getChild('Body');
  if (inAt < 0 || !body) return NORMAL;
  const targets = kids.slice(1, inAt).filter((k) => k.name !== ',');
  const items = m.iterate(m.evaluate(kids[inAt + 1], env));
  if (items === null) {
    m.maybe(() => {
      m.bind(targets, null, env);
      executeBlock(m, body, env);
    });
    return NORMAL;
  }
  for (const item of items) {
    if (!m.tick()) return NORMAL;
    m.bind(targets, item, env);
    const completion = executeBlock(m, body, env);
    if (completion.type === 'break') return NORMAL;
    if (completion.type === 'return') return completion;
  }
  return NORMAL;
}

function withStatement(m: TorchInterpreter, node: SyntaxNode, env: Env): Completion {
  const kids = childrenOf(node);
  for (let i = 1; i < kids.length; i++) {
    if (kids[i].name === 'Body') return executeBlock(m, kids[i], env);
    if (kids[i].name === 'as' && kids[i + 1]) m.bind([kids[i + 1]], null, env);
    else if (kids[i].name !== ',' && kids[i - 1]?.name !== 'as') m.evaluate(kids[i], env);
  }
  return NORMAL;
}

function defineFunction(m: TorchInterpreter, node: SyntaxNode, env: Env): void {
  const name = node.getChild('VariableName');
  const fn = { kind: 'function' as const, node, closure: env, self: null, owner: null };
  m.defineFunction(fn);
  if (name) env.set(textOf(m.file, name), fn);
}

function defineClass(m: TorchInterpreter, node: SyntaxNode, env: Env): void {
  const nameNode = node.getChild('VariableName');
  if (!nameNode) return;
  const bases: Runtime[] = [];
  const argList = node.getChild('ArgList');
  if (argList) {
    for (const child of childrenOf(argList)) {
      if (['(', ')', ',', 'Comment'].includes(child.name)) continue;
      if (child.name === 'AssignOp') break; // metaclass=... and other keywords
      bases.push(m.evaluate(child, env));
    }
  }
  const cls: UserClass = { kind: 'class', node, name: textOf(m.file, nameNode), bases, methods: new Map(), attrs: new Map(), closure: env };
  const body = node.getChild('Body');
  for (let statement = body?.firstChild ?? null; statement; statement = statement.nextSibling) {
    const definition = statement.name === 'DecoratedStatement' ? statement.getChild('FunctionDefinition') : statement.name === 'FunctionDefinition' ? statement : null;
    const methodName = definition?.getChild('VariableName');
    if (definition && methodName) cls.methods.set(textOf(m.file, methodName), definition);
    else if (statement.name === 'AssignStatement') {
      // Class attributes (`hidden = 512`, dataclass fields `hidden: int = 512`).
      const kids = childrenOf(statement).filter((k) => k.name !== 'TypeDef');
      const [target, op, value] = kids;
      if (target?.name === 'VariableName' && op?.name === 'AssignOp' && value && kids.length === 3) cls.attrs.set(textOf(m.file, target), m.evaluate(value, env));
    }
  }
  m.defineClass(cls);
  env.set(cls.name, cls);
}

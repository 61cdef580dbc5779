// Symbolic evaluation of scale and shape expressions: numbers, + − * / // ** %, sqrt in its
// spellings, tuples and lists ([500] * 10), strings, and names bound by constant assignments
// earlier in scope (design.md §5). The user's code is never executed.

import { qualify, type ImportTable } from './imports';
import { callArgs, childrenOf, dottedName, stringValue, textOf, type SourceFile, type SyntaxNode } from './syntax';

export type Value = number | string | boolean | Value[];

/**
 * Consulted before the built-in rules for every node a Scope evaluates; `undefined` falls
 * through to them. Lets a detector add knowledge (a loop variable's value in one iteration,
 * a parameter bound at its call site) without changing what other detectors see.
 */
export type EvaluationHook = (node: SyntaxNode, scope: Scope) => Value | null | undefined;

interface Binding {
  /** Offset of the assignment statement; a binding is visible after it. */
  at: number;
  /** The function (or the module, null) the binding belongs to. */
  scope: SyntaxNode | null;
  /** Several nodes for an unparenthesized tuple `x = 1, 2`. */
  value: SyntaxNode | SyntaxNode[];
  /** For tuple unpacking: the path of indices into `value`. */
  path: number[];
}

export class Scope {
  private readonly bindings = new Map<string, Binding[]>();
  /** Nodes being evaluated, by position: Lezer hands out fresh node objects on every access. */
  private readonly evaluating = new Set<string>();

  constructor(
    readonly file: SourceFile,
    readonly imports: ImportTable,
    private readonly hook?: EvaluationHook,
  ) {
    this.collect(file.tree.topNode, null);
  }

  /** Evaluates `node` as it would be at its own position; null when it cannot be known. */
  evaluate(node: SyntaxNode | null | undefined): Value | null {
    if (!node) return null;
    const key = `${node.from}:${node.to}:${node.name}`;
    if (this.evaluating.has(key)) return null; // a = a + 1 and other cycles
    this.evaluating.add(key);
    try {
      const hooked = this.hook?.(node, this);
      return hooked !== undefined ? hooked : this.evaluateInner(node);
    } finally {
      this.evaluating.delete(key);
    }
  }

  number(node: SyntaxNode | null | undefined): number | null {
    const v = this.evaluate(node);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }

  string(node: SyntaxNode | null | undefined): string | null {
    const v = this.evaluate(node);
    return typeof v === 'string' ? v : null;
  }

  /** The latest value bound to a dotted name (`K`, `config.initializer_range`) before `at`. */
  lookup(name: string, at: number): Value | null {
    const candidates = this.bindings.get(name);
    if (!candidates) return null;
    const scope = enclosingFunction(this.file, at);
    const inScope = (b: Binding) => b.scope !== null && scope !== null && b.scope.from === scope.from && b.scope.to === scope.to;
    const latest = (pool: Binding[]) => pool.reduce<Binding | null>((best, b) => (!best || b.at > best.at ? b : best), null);
    // Function locals shadow module constants; module constants are visible inside functions
    // even when assigned further down (the function runs after the module is loaded).
    const best =
      latest(candidates.filter((b) => inScope(b) && b.at <= at)) ??
      latest(candidates.filter((b) => b.scope === null && b.at <= at)) ??
      (scope ? latest(candidates.filter((b) => b.scope === null)) : null);
    if (!best) return null;
    let value = Array.isArray(best.value) ? this.evaluateAll(best.value) : this.evaluate(best.value);
    for (const index of best.path) value = Array.isArray(value) ? (value[index] ?? null) : null;
    return value;
  }

  private evaluateInner(node: SyntaxNode): Value | null {
    const file = this.file;
    switch (node.name) {
      case 'Number':
        return parseNumber(textOf(file, node));
      case 'String':
        return stringValue(file, node);
      case 'Boolean':
        return textOf(file, node) === 'True';
      case 'ParenthesizedExpression':
        return this.evaluate(childrenOf(node).find((c) => c.name !== '(' && c.name !== ')'));
      case 'TupleExpression':
      case 'ArrayExpression':
        return this.sequence(node);
      case 'UnaryExpression': {
        const [op, operand] = childrenOf(node);
        const v = this.evaluate(operand);
        if (typeof v !== 'number' || !op) return null;
        const sign = textOf(file, op);
        return sign === '-' ? -v : sign === '+' ? v : null;
      }
      case 'BinaryExpression':
        return this.binary(node);
      case 'VariableName':
        return this.lookup(textOf(file, node), node.from);
      case 'MemberExpression': {
        const name = dottedName(file, node);
        if (name !== null) {
          const bound = this.lookup(name, node.from);
          if (bound !== null) return bound;
          return constantOf(qualify(name, this.imports));
        }
        // x[i] on a list or tuple
        const kids = childrenOf(node);
        if (kids[1]?.name === '[') {
          const seq = this.evaluate(kids[0]);
          const index = this.number(kids[2]);
          if (Array.isArray(seq) && index !== null && Number.isInteger(index)) return seq.at(index) ?? null;
        }
        return null;
      }
      case 'CallExpression':
        return this.call(node);
      default:
        return null;
    }
  }

  private evaluateAll(nodes: SyntaxNode[]): Value[] | null {
    const items: Value[] = [];
    for (const n of nodes) {
      const v = this.evaluate(n);
      if (v === null) return null;
      items.push(v);
    }
    return items;
  }

  private sequence(node: SyntaxNode): Value[] | null {
    const items: Value[] = [];
    for (const child of childrenOf(node)) {
      if (['(', ')', '[', ']', ','].includes(child.name)) continue;
      const v = this.evaluate(child);
      if (v === null) return null;
      items.push(v);
    }
    return items;
  }

  private binary(node: SyntaxNode): Value | null {
    const [left, op, right] = childrenOf(node);
    if (!left || !op || !right) return null;
    const a = this.evaluate(left);
    const b = this.evaluate(right);
    const operator = textOf(this.file, op);
    if (Array.isArray(a) && typeof b === 'number' && operator === '*') return repeat(a, b);
    if (typeof a === 'number' && Array.isArray(b) && operator === '*') return repeat(b, a);
    if (Array.isArray(a) && Array.isArray(b) && operator === '+') return [...a, ...b];
    if (typeof a === 'string' && typeof b === 'string' && operator === '+') return a + b;
    if (typeof a !== 'number' || typeof b !== 'number') return null;
    return pythonArithmetic(operator, a, b) ?? null;
  }

  private call(node: SyntaxNode): Value | null {
    const callee = dottedName(this.file, node.firstChild);
    if (callee === null) return null;
    const name = qualify(callee, this.imports);
    const args = callArgs(this.file, node);
    const first = args.positional[0];
    const unary = UNARY_FUNCTIONS[name] ?? UNARY_FUNCTIONS[callee];
    if (unary && first && args.positional.length === 1) {
      const x = this.number(first);
      return x === null ? null : finiteOrNull(unary(x));
    }
    if ((name === 'len' || callee === 'len') && first) {
      const v = this.evaluate(first);
      return Array.isArray(v) || typeof v === 'string' ? v.length : null;
    }
    if ((name === 'range' || callee === 'range') && args.positional.length >= 1) {
      const bounds = args.positional.map((a) => this.number(a));
      if (bounds.some((b) => b === null || !Number.isInteger(b))) return null;
      const [start, stop, step] = bounds.length === 1 ? [0, bounds[0] as number, 1] : [bounds[0] as number, bounds[1] as number, (bounds[2] ?? 1) as number];
      if (step === 0) return null;
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > 1_000_000) return null;
      return Array.from({ length: count }, (_, i) => start + i * step);
    }
    return null;
  }

  private collect(node: SyntaxNode, scope: SyntaxNode | null): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'AssignStatement') this.addAssignment(child, scope);
      if (child.name === 'FunctionDefinition') {
        const body = child.getChild('Body');
        if (body) this.collect(body, child);
      } else if (child.name === 'ClassDefinition' || child.name === 'Body' || child.name.endsWith('Statement')) {
        this.collect(child, scope);
      }
    }
  }

  private addAssignment(node: SyntaxNode, scope: SyntaxNode | null): void {
    const kids = childrenOf(node).filter((k) => k.name !== 'TypeDef');
    const ops = kids.map((k, i) => (k.name === 'AssignOp' && textOf(this.file, k) === '=' ? i : -1)).filter((i) => i >= 0);
    if (ops.length === 0) return;
    const lastOp = ops[ops.length - 1];
    const valueParts = kids.slice(lastOp + 1).filter((k) => k.name !== ',');
    const hasComma = kids.slice(lastOp + 1).some((k) => k.name === ',');
    // Chained `a = b = 3`: every target gets the value.
    let start = 0;
    for (const op of ops) {
      const targets = kids.slice(start, op).filter((k) => k.name !== ',');
      const targetTuple = kids.slice(start, op).some((k) => k.name === ',');
      start = op + 1;
      if (valueParts.length === 0) continue;
      if (targetTuple || (targets.length === 1 && targets[0].name === 'TupleExpression')) {
        const flat = targets.length === 1 && targets[0].name === 'TupleExpression' ? childrenOf(targets[0]).filter((k) => !['(', ')', ','].includes(k.name)) : targets;
        if (hasComma) {
          flat.forEach((t, i) => valueParts[i] && this.bindTarget(t, valueParts[i], [], node, scope));
        } else {
          flat.forEach((t, i) => this.bindTarget(t, valueParts[0], [i], node, scope));
        }
      } else if (targets.length === 1) {
        this.bindTarget(targets[0], hasComma ? valueParts : valueParts[0], [], node, scope);
      }
    }
  }

  private bindTarget(target: SyntaxNode, value: SyntaxNode | SyntaxNode[], path: number[], statement: SyntaxNode, scope: SyntaxNode | null): void {
    if (target.name === 'TupleExpression' || target.name === 'ParenthesizedExpression') {
      childrenOf(target)
        .filter((k) => !['(', ')', ','].includes(k.name))
        .forEach((t, i) => this.bindTarget(t, value, [...path, i], statement, scope));
      return;
    }
    const name = dottedName(this.file, target);
    if (name === null) return;
    const list = this.bindings.get(name) ?? [];
    // Visible after the whole statement, so `n = n * 2` reads the previous n.
    list.push({ at: statement.to, scope, value, path });
    this.bindings.set(name, list);
  }
}

/**
 * Python's numeric binary operators (floor division and modulo round toward −∞); null for a
 * division by zero, undefined when `operator` is not arithmetic (comparisons, bit operators).
 */
export function pythonArithmetic(operator: string, a: number, b: number): number | null | undefined {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    case '//':
      return b === 0 ? null : Math.floor(a / b);
    case '%':
      return b === 0 ? null : a - b * Math.floor(a / b);
    case '**':
      return a ** b;
    default:
      return undefined;
  }
}

const UNARY_FUNCTIONS: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt,
  'math.sqrt': Math.sqrt,
  'numpy.sqrt': Math.sqrt,
  'torch.sqrt': Math.sqrt,
  'jax.numpy.sqrt': Math.sqrt,
  'math.log': Math.log,
  'numpy.log': Math.log,
  'math.exp': Math.exp,
  'numpy.exp': Math.exp,
  float: (x) => x,
  int: Math.trunc,
  abs: Math.abs,
};

function constantOf(name: string): number | null {
  switch (name) {
    case 'math.pi':
    case 'numpy.pi':
    case 'torch.pi':
      return Math.PI;
    case 'math.e':
    case 'numpy.e':
      return Math.E;
    default:
      return null;
  }
}

function parseNumber(text: string): number | null {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return null; // complex literal
  const v = /^0[xXoObB]/.test(clean) ? Number(clean.toLowerCase().replace(/^0o/, '0o')) : Number(clean.replace(/[lL]$/, ''));
  return Number.isFinite(v) ? v : null;
}

function repeat(items: Value[], times: number): Value[] | null {
  if (!Number.isInteger(times) || times < 0 || items.length * times > 1_000_000) return null;
  const out: Value[] = [];
  for (let i = 0; i < times; i++) out.push(...items);
  return out;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function enclosingFunction(file: SourceFile, at: number): SyntaxNode | null {
  let node: SyntaxNode | null = file.tree.resolveInner(at, 1);
  for (; node; node = node.parent) if (node.name === 'FunctionDefinition') return node;
  return null;
}

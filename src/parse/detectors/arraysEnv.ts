// What the array detector knows about a file beyond constants: function parameters bound at
// their call sites, loop variables pinned to one iteration, `X.shape[k]` of arrays whose shape
// is visible, and the builtins that layer-width loops use (zip, enumerate, slices, min/max).
// It evaluates through its own Scope so other detectors see the foundation's plain semantics.

import { isLoopNode } from '../context/loops';
import type { DetectContext } from '../detect';
import { Scope, type Value } from '../evaluate';
import { builtin, comparison, slice, type Evaluator } from './arraysBuiltins';
import { qualify, type ImportTable } from '../imports';
import { childrenOf, dottedName, positionAt, walk, type SyntaxNode } from '../syntax';
import { FileIndex, type FunctionInfo, type Parameter } from './arraysIndex';

/** Dims of an array-producing call (a draw, np.zeros); null when not one or unknown. */
export type CallShape = (call: SyntaxNode) => (number | null)[] | null;

interface PinFrame {
  from: number;
  to: number;
  values: Map<string, Value>;
}

/** Conventional aliases, for notes and cells that use `np` without showing the import. */
const CONVENTIONAL_ALIASES: Readonly<Record<string, string>> = { np: 'numpy', jnp: 'jax.numpy', F: 'torch.nn.functional', nn: 'torch.nn' };

export class ArraysEnv extends FileIndex implements Evaluator {
  readonly imports: ImportTable;
  readonly scope: Scope;
  /** Set by the detector: how to read the shape of a draw or constructor call. */
  callShape: CallShape = () => null;
  private readonly pins: PinFrame[] = [];
  private readonly parameterCache = new Map<string, Value | null>();

  constructor(ctx: DetectContext) {
    super(ctx.file);
    this.imports = ctx.imports;
    this.scope = new Scope(ctx.file, ctx.imports, (node) => this.hook(node));
  }

  /** 1-based line of an offset, as people read it. */
  line(offset: number): number {
    return positionAt(this.file, offset).line + 1;
  }

  evaluate(node: SyntaxNode | null | undefined): Value | null {
    return this.scope.evaluate(node);
  }

  number(node: SyntaxNode | null | undefined): number | null {
    return this.scope.number(node);
  }

  /** Canonical dotted name of a callee or reference, through imports and `f = np.random.randn` aliases. */
  qualified(node: SyntaxNode | null): string | null {
    const dotted = dottedName(this.file, node);
    if (dotted === null) return null;
    const head = dotted.split('.')[0];
    if (!this.imports.has(head) && node?.name === 'VariableName') {
      const alias = this.aliasOf(dotted);
      if (alias !== null) return alias;
    }
    if (!this.imports.has(head) && Object.hasOwn(CONVENTIONAL_ALIASES, head)) {
      return qualify(CONVENTIONAL_ALIASES[head] + dotted.slice(head.length), this.imports);
    }
    return qualify(dotted, this.imports);
  }

  /** Whether a bare name is bound anywhere in the file (assigned, defined, imported). */
  isBound(name: string): boolean {
    return this.imports.has(name) || this.assignments.has(name) || this.functions.some((f) => f.name === name) || this.classNames.has(name);
  }

  /** Runs `body` with loop variables pinned to one iteration's values inside `loop`. */
  withPins<T>(loop: { from: number; to: number }, values: Map<string, Value>, body: () => T): T {
    this.pins.push({ from: loop.from, to: loop.to, values });
    try {
      return body();
    } finally {
      this.pins.pop();
    }
  }

  /** Shape of an array expression when the code shows it: a draw, a name bound to one, `.T`, a branch. */
  shapeOf(node: SyntaxNode | null | undefined, depth = 0): (number | null)[] | null {
    if (!node || depth > 8) return null;
    switch (node.name) {
      case 'ParenthesizedExpression':
        return this.shapeOf(childrenOf(node).find((c) => c.name !== '(' && c.name !== ')'), depth + 1);
      case 'ConditionalExpression': {
        const branch = this.branchOf(node);
        return branch ? this.shapeOf(branch, depth + 1) : null;
      }
      case 'BinaryExpression': {
        const [left, op, right] = childrenOf(node);
        if (!op || op.name !== 'ArithOp' || this.text(op) === '@') return null;
        const a = this.shapeOf(left, depth + 1);
        const b = this.shapeOf(right, depth + 1);
        if (a && b) return a.length >= b.length ? a : b;
        return a ?? b;
      }
      case 'CallExpression':
        return this.callShape(node);
      case 'VariableName':
      case 'MemberExpression': {
        const kids = childrenOf(node);
        if (node.name === 'MemberExpression' && kids[kids.length - 1]?.name === 'PropertyName' && this.text(kids[kids.length - 1]) === 'T') {
          const inner = this.shapeOf(kids[0], depth + 1);
          return inner ? [...inner].reverse() : null;
        }
        const name = dottedName(this.file, node);
        if (name === null) return null;
        if (node.name === 'VariableName') {
          const param = this.parameterAt(node);
          if (param) {
            const shapes = this.callSites(param.fn).map((call) => this.shapeOf(this.argumentFor(param.param, call), depth + 1));
            return shapes.length > 0 && shapes.every((s) => s && JSON.stringify(s) === JSON.stringify(shapes[0])) ? shapes[0] : null;
          }
        }
        const bound = this.latestAssignment(name, node.from, node);
        return bound ? this.shapeOf(bound.value, depth + 1) : null;
      }
      default:
        return null;
    }
  }

  // ── Evaluation hook ──────────────────────────────────────────────────────────────────

  private hook(node: SyntaxNode): Value | null | undefined {
    switch (node.name) {
      case 'VariableName':
        return this.variable(node);
      case 'ConditionalExpression': {
        const branch = this.branchOf(node);
        return branch ? this.scope.evaluate(branch) : null;
      }
      case 'BinaryExpression':
        return comparison(this, node);
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression':
        return builtin(this, node);
      default:
        return undefined;
    }
  }

  private variable(node: SyntaxNode): Value | null | undefined {
    const name = this.text(node);
    for (let i = this.pins.length - 1; i >= 0; i--) {
      const frame = this.pins[i];
      if (node.from >= frame.from && node.to <= frame.to && frame.values.has(name)) return frame.values.get(name) ?? null;
    }
    // A loop variable outside a pinned iteration has no single value (not a same-named constant).
    if (this.isLoopVariable(node, name)) return null;
    const param = this.parameterAt(node);
    if (param) return this.parameterValue(param.fn, param.param);
    return undefined;
  }

  /** The parameter a name refers to, unless the function rebinds it before this use. */
  private parameterAt(node: SyntaxNode): { fn: FunctionInfo; param: Parameter } | null {
    const fn = this.functionAt(node);
    if (!fn) return null;
    const name = this.text(node);
    const param = fn.params.find((p) => p.name === name);
    if (!param) return null;
    const rebound = (this.assignments.get(name) ?? []).some((a) => a.fn !== null && a.fn.from === fn.node.from && a.at <= node.from);
    return rebound ? null : { fn, param };
  }

  /** A parameter's value when every call site (or the default, if never called) agrees on it. */
  private parameterValue(fn: FunctionInfo, param: Parameter): Value | null {
    const key = `${fn.node.from}:${param.name}`;
    const sites = this.callSites(fn);
    // Pins reach a call site only when it lies inside a pinned loop; otherwise the memo holds.
    const cacheable = !this.pins.some((frame) => sites.some((call) => call.from >= frame.from && call.to <= frame.to));
    if (cacheable && this.parameterCache.has(key)) return this.parameterCache.get(key) ?? null;
    const guard = this.parameterCache.get(key);
    this.parameterCache.set(key, null); // recursion guard while resolving
    let result: Value | null = null;
    if (sites.length === 0) {
      result = param.defaultValue ? this.scope.evaluate(param.defaultValue) : null;
    } else {
      const values = sites.map((call) => this.scope.evaluate(this.argumentFor(param, call)));
      const first = values[0];
      if (first !== null && values.every((v) => v !== null && JSON.stringify(v) === JSON.stringify(first))) result = first;
    }
    if (cacheable) this.parameterCache.set(key, result);
    else if (guard === undefined) this.parameterCache.delete(key);
    else this.parameterCache.set(key, guard);
    return result;
  }

  private isLoopVariable(node: SyntaxNode, name: string): boolean {
    for (let p: SyntaxNode | null = node.parent; p; p = p.parent) {
      if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition') return false;
      if (!isLoopNode(p)) continue;
      const kids = childrenOf(p);
      for (let i = 0; i < kids.length; i++) {
        if (kids[i].name !== 'for') continue;
        const inAt = kids.findIndex((k, j) => j > i && k.name === 'in');
        if (inAt < 0) continue;
        const iterable = kids[inAt + 1];
        if (iterable && node.from >= iterable.from && node.to <= iterable.to) continue;
        const bound = kids.slice(i + 1, inAt).some((t) => {
          let found = false;
          walk(t, (n) => {
            if (n.name === 'VariableName' && this.text(n) === name) found = true;
          });
          return found;
        });
        if (bound) return true;
      }
    }
    return false;
  }

  private branchOf(node: SyntaxNode): SyntaxNode | null {
    const kids = childrenOf(node);
    const ifAt = kids.findIndex((k) => k.name === 'if');
    const elseAt = kids.findIndex((k) => k.name === 'else');
    if (ifAt !== 1 || elseAt < 0) return null;
    const test = this.scope.evaluate(kids[2]);
    if (typeof test === 'boolean') return test ? kids[0] : (kids[elseAt + 1] ?? null);
    if (typeof test === 'number') return test !== 0 ? kids[0] : (kids[elseAt + 1] ?? null);
    return null;
  }

  private member(node: SyntaxNode): Value | null | undefined {
    const kids = childrenOf(node);
    const object = kids[0];
    if (!object) return undefined;
    if (kids[1]?.name === '.' && kids[2]?.name === 'PropertyName' && this.text(kids[2]) === 'shape') {
      const shape = this.shapeOf(object);
      return shape && shape.every((d) => d !== null) ? (shape as number[]) : undefined;
    }
    if (kids[1]?.name !== '[') return undefined;
    const inside = kids.slice(2, kids.length - 1);
    if (inside.some((k) => k.name === ':')) return slice(this, object, inside);
    // X.shape[k]
    if (object.name === 'MemberExpression') {
      const objectKids = childrenOf(object);
      const property = objectKids[objectKids.length - 1];
      if (property?.name === 'PropertyName' && this.text(property) === 'shape') {
        const shape = this.shapeOf(objectKids[0]);
        const index = this.scope.number(inside[0]);
        if (!shape || index === null || !Number.isInteger(index)) return null;
        return shape.at(index) ?? null;
      }
    }
    return undefined;
  }

  private aliasOf(name: string): string | null {
    const list = this.assignments.get(name);
    if (!list || list.length !== 1) return null;
    const value = list[0].value;
    if (value.name !== 'MemberExpression') return null;
    const dotted = dottedName(this.file, value);
    if (dotted === null) return null;
    const head = dotted.split('.')[0];
    const expanded = !this.imports.has(head) && Object.hasOwn(CONVENTIONAL_ALIASES, head) ? CONVENTIONAL_ALIASES[head] + dotted.slice(head.length) : dotted;
    return qualify(expanded, this.imports);
  }

}

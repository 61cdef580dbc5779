// Which expression a name was bound to (`init = initializers.HeNormal()`, `self.fc1 =
// nn.Dense(512)`), so that `kernel_initializer=init` and `self.fc1(x)` can be read through it.
// Scope (evaluate.ts) gives values; layers and initializers need the expression itself.

import type { Scope, Value } from '../evaluate';
import { childrenOf, dottedName, textOf, type SourceFile, type SyntaxNode } from '../syntax';

interface Binding {
  /** End of the assignment statement: the binding is visible after it. */
  at: number;
  value: SyntaxNode;
  fn: SyntaxNode | null;
  cls: SyntaxNode | null;
}

const sameNode = (a: SyntaxNode | null, b: SyntaxNode | null): boolean => (a === null ? b === null : b !== null && a.from === b.from && a.to === b.to);

export class Bindings {
  private readonly byName = new Map<string, Binding[]>();

  constructor(
    private readonly file: SourceFile,
    private readonly scope: Scope,
  ) {
    const cursor = file.tree.cursor();
    do {
      if (cursor.name === 'AssignStatement') this.add(cursor.node);
    } while (cursor.next());
  }

  /** The expression bound to `name` as seen at offset `at`, or null. */
  resolve(name: string, at: number): SyntaxNode | null {
    const candidates = this.byName.get(name);
    if (!candidates) return null;
    const fn = enclosing(this.file, at, 'FunctionDefinition');
    const latest = (pool: Binding[]) => pool.reduce<Binding | null>((best, b) => (!best || b.at > best.at ? b : best), null);
    const before = (b: Binding) => b.at <= at;
    let found: Binding | null;
    if (name.startsWith('self.')) {
      // Attributes set in __init__/setup/build are visible in every method of the class.
      const cls = enclosing(this.file, at, 'ClassDefinition');
      const inClass = candidates.filter((b) => sameNode(b.cls, cls));
      found = latest(inClass.filter((b) => sameNode(b.fn, fn) && before(b))) ?? latest(inClass.filter(before)) ?? inClass[0] ?? null;
    } else {
      found =
        latest(candidates.filter((b) => fn !== null && sameNode(b.fn, fn) && before(b))) ??
        latest(candidates.filter((b) => b.fn === null && before(b))) ??
        (fn !== null ? latest(candidates.filter((b) => b.fn === null)) : null);
    }
    return found?.value ?? null;
  }

  /** A class-level default (`features: int = 512` in a Flax module) for `self.features`. */
  classField(field: string, at: number): Value | null {
    const cls = enclosing(this.file, at, 'ClassDefinition');
    const body = cls?.getChild('Body');
    if (!body) return null;
    for (const statement of childrenOf(body)) {
      if (statement.name !== 'AssignStatement') continue;
      const kids = childrenOf(statement).filter((k) => k.name !== 'TypeDef');
      if (kids.length === 3 && kids[0].name === 'VariableName' && textOf(this.file, kids[0]) === field && kids[1].name === 'AssignOp') {
        return this.scope.evaluate(kids[2]);
      }
    }
    return null;
  }

  private add(statement: SyntaxNode): void {
    const kids = childrenOf(statement).filter((k) => k.name !== 'TypeDef');
    if (kids.some((k) => k.name === ',')) return; // tuple assignments bind no single expression
    const value = kids[kids.length - 1];
    if (!value || value.name === 'AssignOp') return;
    const fn = enclosing(this.file, statement.from, 'FunctionDefinition');
    const cls = enclosing(this.file, statement.from, 'ClassDefinition');
    for (let i = 0; i + 1 < kids.length; i++) {
      if (kids[i + 1].name !== 'AssignOp' || textOf(this.file, kids[i + 1]) !== '=') continue;
      const name = dottedName(this.file, kids[i]);
      if (name === null) continue;
      const list = this.byName.get(name) ?? [];
      list.push({ at: statement.to, value, fn, cls });
      this.byName.set(name, list);
    }
  }
}

export function enclosing(file: SourceFile, at: number, kind: 'FunctionDefinition' | 'ClassDefinition'): SyntaxNode | null {
  for (let node: SyntaxNode | null = file.tree.resolveInner(at, 1); node; node = node.parent) if (node.name === kind) return node;
  return null;
}

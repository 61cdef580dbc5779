// An index of one file for the array detector: assignments by dotted name (with the function
// they belong to), functions with their parameters, every call, and which calls reach which
// function — so a parameter can be read at its call sites.

import { callArgs, childrenOf, dottedName, textOf, type SourceFile, type SyntaxNode } from '../syntax';

export interface Assignment {
  name: string;
  value: SyntaxNode;
  statement: SyntaxNode;
  /** Enclosing function, null at module level. */
  fn: SyntaxNode | null;
  /** Visible after this offset. */
  at: number;
}

export interface Parameter {
  name: string;
  defaultValue: SyntaxNode | null;
  /** Positional index as callers pass it (self excluded); -1 for keyword-only and splats. */
  position: number;
}

export interface FunctionInfo {
  node: SyntaxNode;
  name: string;
  params: Parameter[];
  /** Set for methods: the class they belong to. */
  className: string | null;
}

export class FileIndex {
  readonly assignments = new Map<string, Assignment[]>();
  readonly functions: FunctionInfo[] = [];
  readonly calls: SyntaxNode[] = [];
  protected readonly classNames = new Set<string>();
  private readonly callsByName = new Map<string, SyntaxNode[]>();
  private readonly functionsByFrom = new Map<number, FunctionInfo>();

  constructor(readonly file: SourceFile) {
    this.index();
  }

  text(node: { from: number; to: number }): string {
    return textOf(this.file, node);
  }

  functionAt(node: SyntaxNode): FunctionInfo | null {
    for (let p: SyntaxNode | null = node.parent; p; p = p.parent) {
      if (p.name !== 'FunctionDefinition') continue;
      // Defaults in the parameter list belong to the enclosing scope.
      const params = p.getChild('ParamList');
      if (params && node.from >= params.from && node.to <= params.to) continue;
      return this.functionsByFrom.get(p.from) ?? null;
    }
    return null;
  }

  /** The latest assignment to a dotted name visible at `at`, with the foundation's scoping rules. */
  latestAssignment(name: string, at: number, fromNode: SyntaxNode): Assignment | null {
    const list = this.assignments.get(name);
    if (!list) return null;
    const fn = this.functionAt(fromNode)?.node ?? null;
    const same = (a: Assignment) => (a.fn === null ? fn === null : fn !== null && a.fn.from === fn.from);
    const latest = (pool: Assignment[]) => pool.reduce<Assignment | null>((best, a) => (!best || a.at > best.at ? a : best), null);
    return (
      latest(list.filter((a) => same(a) && a.at <= at)) ??
      latest(list.filter((a) => a.fn === null && a.at <= at)) ??
      (fn ? latest(list.filter((a) => a.fn === null)) : null)
    );
  }

  /** Call sites of a function: `f(...)`, `Class(...)` for `__init__`, `obj.method(...)`. */
  callSites(fn: FunctionInfo): SyntaxNode[] {
    const byName = fn.className !== null && fn.name === '__init__' ? fn.className : fn.name;
    const candidates = this.callsByName.get(byName) ?? [];
    return candidates.filter((call) => {
      if (call.from >= fn.node.from && call.to <= fn.node.to && fn.className === null) return false; // recursion
      const callee = call.firstChild;
      if (fn.className !== null && fn.name !== '__init__') return callee?.name === 'MemberExpression';
      return true;
    });
  }

  /** The argument a call passes for a parameter, or its default. */
  argumentFor(param: Parameter, call: SyntaxNode): SyntaxNode | null {
    const args = callArgs(this.file, call);
    const keyword = args.keywords.get(param.name);
    if (keyword) return keyword;
    if (param.position >= 0 && param.position < args.positional.length) return args.positional[param.position];
    if (args.hasSplat) return null;
    return param.defaultValue;
  }

  private index(): void {
    const visit = (node: SyntaxNode, fn: SyntaxNode | null, className: string | null) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name === 'FunctionDefinition') {
          const info = this.functionInfo(child, className);
          if (info) {
            this.functions.push(info);
            this.functionsByFrom.set(child.from, info);
          }
          visit(child, child, null);
          continue;
        }
        if (child.name === 'ClassDefinition') {
          const nameNode = child.getChild('VariableName');
          if (nameNode) this.classNames.add(this.text(nameNode));
          visit(child, fn, nameNode ? this.text(nameNode) : null);
          continue;
        }
        if (child.name === 'AssignStatement') this.addAssignment(child, fn);
        if (child.name === 'CallExpression') this.addCall(child);
        // Methods are direct children of the class Body; anything deeper is not a method.
        visit(child, fn, child.name === 'Body' || child.name === 'DecoratedStatement' ? className : null);
      }
    };
    visit(this.file.tree.topNode, null, null);
  }

  private functionInfo(node: SyntaxNode, className: string | null): FunctionInfo | null {
    const nameNode = node.getChild('VariableName');
    const list = node.getChild('ParamList');
    if (!nameNode || !list) return null;
    const params: Parameter[] = [];
    let position = 0;
    let keywordOnly = false;
    let pendingDefault = false;
    for (const k of childrenOf(list)) {
      if (k.name === '*' || k.name === '**') {
        keywordOnly = true;
        continue;
      }
      if (k.name === 'AssignOp') {
        pendingDefault = true;
        continue;
      }
      if (pendingDefault) {
        const last = params[params.length - 1];
        if (last) last.defaultValue = k;
        pendingDefault = false;
        continue;
      }
      if (k.name === 'VariableName') params.push({ name: this.text(k), defaultValue: null, position: keywordOnly ? -1 : position++ });
    }
    // `self` / `cls` is passed implicitly.
    if (className !== null && params.length > 0) {
      params.shift();
      for (const p of params) if (p.position >= 0) p.position--;
    }
    return { node, name: this.text(nameNode), params, className };
  }

  private addCall(call: SyntaxNode): void {
    this.calls.push(call);
    const callee = call.firstChild;
    let name: string | null = null;
    if (callee?.name === 'VariableName') name = this.text(callee);
    else if (callee?.name === 'MemberExpression') {
      const last = callee.lastChild;
      if (last?.name === 'PropertyName') name = this.text(last);
    }
    if (name === null) return;
    const list = this.callsByName.get(name) ?? [];
    list.push(call);
    this.callsByName.set(name, list);
  }

  private addAssignment(statement: SyntaxNode, fn: SyntaxNode | null): void {
    const kids = childrenOf(statement).filter((k) => k.name !== 'TypeDef');
    const opAt = kids.findIndex((k) => k.name === 'AssignOp' && this.text(k) === '=');
    if (opAt < 0) return;
    const targets = kids.slice(0, opAt).filter((k) => k.name !== ',');
    // `a = b = v` binds both; `a, b = x, y` pairs them up.
    const lastOp = kids.map((k, i) => (k.name === 'AssignOp' ? i : -1)).filter((i) => i >= 0).pop() ?? opAt;
    const valueParts = kids.slice(lastOp + 1).filter((k) => k.name !== ',');
    if (valueParts.length === 0) return;
    targets.forEach((target, i) => {
      const value = targets.length === 1 ? (valueParts.length === 1 ? valueParts[0] : null) : valueParts.length === targets.length ? valueParts[i] : null;
      const name = dottedName(this.file, target);
      if (name === null || !value) return;
      const list = this.assignments.get(name) ?? [];
      list.push({ name, value, statement, fn, at: statement.to });
      this.assignments.set(name, list);
    });
  }

}

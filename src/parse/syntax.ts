// Thin helpers over the Lezer Python tree: names, calls, arguments, positions.
// Lezer is error-tolerant, so every helper copes with missing children.

import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { Position, SourceRange } from './types';

export type { SyntaxNode, Tree };

export interface SourceFile {
  text: string;
  tree: Tree;
  /** Offsets where each line starts. */
  lineStarts: number[];
}

export function parsePython(text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { text, tree: parser.parse(text), lineStarts };
}

export function positionAt(file: SourceFile, offset: number): Position {
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (file.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - file.lineStarts[lo] };
}

export function rangeOf(file: SourceFile, node: { from: number; to: number }): SourceRange {
  return { from: node.from, to: node.to, start: positionAt(file, node.from), end: positionAt(file, node.to) };
}

export function textOf(file: SourceFile, node: { from: number; to: number }): string {
  return file.text.slice(node.from, node.to);
}

export function lineText(file: SourceFile, line: number): string {
  if (line < 0 || line >= file.lineStarts.length) return '';
  const start = file.lineStarts[line];
  const end = line + 1 < file.lineStarts.length ? file.lineStarts[line + 1] - 1 : file.text.length;
  return file.text.slice(start, end);
}

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

/** "np.random.randn" for a VariableName / MemberExpression chain; null for anything else. */
export function dottedName(file: SourceFile, node: SyntaxNode | null): string | null {
  if (!node) return null;
  if (node.name === 'VariableName') return textOf(file, node);
  if (node.name === 'MemberExpression') {
    const kids = childrenOf(node);
    const object = kids[0];
    const property = kids[kids.length - 1];
    if (!object || !property || property.name !== 'PropertyName') return null;
    const base = dottedName(file, object);
    return base === null ? null : `${base}.${textOf(file, property)}`;
  }
  return null;
}

export interface CallArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `*args` / `**kwargs` present: arguments we cannot see. */
  hasSplat: boolean;
}

/** The callee of a CallExpression (its first child). */
export function calleeOf(call: SyntaxNode): SyntaxNode | null {
  return call.firstChild;
}

/** Splits an ArgList's flat children into positional and keyword arguments. */
export function callArgs(file: SourceFile, call: SyntaxNode): CallArgs {
  const args: CallArgs = { positional: [], keywords: new Map(), hasSplat: false };
  const list = call.getChild('ArgList');
  if (!list) return args;
  let group: SyntaxNode[] = [];
  const flush = () => {
    if (group.length === 0) return;
    if (group.length >= 3 && group[0].name === 'VariableName' && group[1].name === 'AssignOp') {
      args.keywords.set(textOf(file, group[0]), group[2]);
    } else if (group[0].name === 'ArithOp' || textOf(file, group[0]).startsWith('*')) {
      args.hasSplat = true;
    } else {
      args.positional.push(group[0]);
    }
    group = [];
  };
  for (const child of childrenOf(list)) {
    if (child.name === '(' || child.name === ')') continue;
    if (child.name === ',') flush();
    else if (child.name !== 'Comment') group.push(child);
  }
  flush();
  return args;
}

/** Positional argument `index` or keyword `name`, as Python binds them. */
export function argument(args: CallArgs, index: number, name: string): SyntaxNode | undefined {
  return args.keywords.get(name) ?? args.positional[index];
}

/** The string value of a String node ('relu', "he_normal", r'x'), or null. */
export function stringValue(file: SourceFile, node: SyntaxNode | null | undefined): string | null {
  if (!node || node.name !== 'String') return null;
  const raw = textOf(file, node);
  const match = /^[rRuUbBfF]{0,2}('''|"""|'|")([\s\S]*)\1$/.exec(raw);
  return match ? match[2] : null;
}

/** Walks every node of the subtree in document order; return false to skip a node's children. */
export function walk(node: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (let child = node.firstChild; child; child = child.nextSibling) walk(child, visit);
}

/** Nearest ancestor (exclusive) whose name is in `names`. */
export function ancestor(node: SyntaxNode, names: readonly string[]): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (names.includes(p.name)) return p;
  return null;
}

/** The statement containing `node` (AssignStatement, ExpressionStatement, …). */
export function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.name !== 'Script' && current.parent.name !== 'Body') current = current.parent;
  return current;
}

// What every idiom needs to rewrite one site: the parsed text, the site's syntax node, the
// import aliases in force, and how the code spells module prefixes and strings.

import type { SourceEdit } from '../analysis/types';
import type { ActivationSpec, InitSpec } from '../core/types';
import { Scope } from '../parse/evaluate';
import { canonical, collectImports, type ImportTable } from '../parse/imports';
import { blankIPython } from '../parse/notebook';
import { calleeOf, childrenOf, dottedName, parsePython, stringValue, textOf, walk, type SourceFile, type SyntaxNode } from '../parse/syntax';
import type { InitSite } from '../parse/types';

export interface EditOptions {
  /**
   * Re-reads an edited text to verify the edit (default: findInitSites). A notebook cell is
   * read together with the other cells: see cellEditOptions.
   */
  reparse?: (edited: string) => InitSite[];
  /** More text whose imports are in force (a notebook's other cells). */
  importsFrom?: string;
  /** The sites already read from the unedited text (as `reparse` returns them), so it is not read again. */
  sites?: readonly InitSite[];
}

export interface EditContext {
  site: InitSite;
  /** The analysed text, as given. */
  source: string;
  /** `source` parsed; for notebook cells with IPython lines blanked (offsets unchanged). */
  file: SourceFile;
  imports: ImportTable;
  scope: Scope;
  /** The site's syntax node: the one spanning exactly site.range. */
  node: SyntaxNode;
  activation: ActivationSpec;
}

export function editContext(site: InitSite, source: string, activation: ActivationSpec, options: EditOptions = {}): EditContext | { reason: string } {
  const { from, to } = site.range;
  if (to > source.length || source.slice(from, to) !== site.text) {
    return { reason: 'the code changed since it was analysed; analyse it again' };
  }
  const file = parsePython(site.cell !== undefined ? blankIPython(source) : source);
  const imports = collectImports(file);
  if (options.importsFrom !== undefined) {
    // The analysed text's own imports win over those of other cells.
    for (const [local, path] of collectImports(parsePython(blankIPython(options.importsFrom)))) if (!imports.has(local)) imports.set(local, path);
  }
  const node = nodeAt(file, from, to);
  if (!node) return { reason: 'the site is not a complete expression in the code' };
  return { site, source, file, imports, scope: new Scope(file, imports), node, activation };
}

/** The deepest node spanning exactly [from, to]. */
export function nodeAt(file: SourceFile, from: number, to: number): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  let node: SyntaxNode | null = file.tree.resolveInner(from, 1);
  // resolveInner gives the innermost node starting at `from`; the exact span is it or an ancestor.
  for (; node; node = node.parent) {
    if (node.from === from && node.to === to) found = node;
    if (node.from < from || node.to > to) break;
  }
  if (found) {
    // Prefer the deepest of several nodes sharing the span (a statement and its expression).
    let inner: SyntaxNode | null = found;
    while (inner) {
      const same: SyntaxNode | undefined = childrenOf(inner).find((c) => c.from === from && c.to === to);
      if (!same) break;
      inner = same;
    }
    return inner;
  }
  return null;
}

/**
 * The shortest local spelling of a module path (one of `spellings`, e.g. "torch.nn.init"),
 * through the file's imports: `init`, `nn.init` or `torch.nn.init`. null when nothing reaches it.
 */
export function aliasFor(imports: ImportTable, spellings: readonly string[]): string | null {
  let best: string | null = null;
  for (const [local, path] of imports) {
    for (const wanted of spellings) {
      for (const p of new Set([path, canonical(path)])) {
        let candidate: string | null = null;
        if (p === wanted) candidate = local;
        else if (wanted.startsWith(`${p}.`)) candidate = local + wanted.slice(p.length);
        if (candidate !== null && (best === null || dots(candidate) < dots(best) || (dots(candidate) === dots(best) && candidate.length < best.length))) best = candidate;
      }
    }
  }
  return best;
}

function dots(text: string): number {
  return text.split('.').length;
}

/** "nn.init.xavier_uniform_" → { prefix: "nn.init.", name: "xavier_uniform_" }; null for non-dotted callees. */
export function splitCallee(file: SourceFile, call: SyntaxNode): { prefix: string; name: string } | null {
  const dotted = dottedName(file, calleeOf(call));
  if (dotted === null) return null;
  const dot = dotted.lastIndexOf('.');
  return { prefix: dotted.slice(0, dot + 1), name: dotted.slice(dot + 1) };
}

/** The quote the code uses: the first string literal in `near`, else in the file, else `'`. */
export function quoteStyle(file: SourceFile, near?: SyntaxNode | null): string {
  const first = (root: SyntaxNode): string | null => {
    let quote: string | null = null;
    walk(root, (n) => {
      if (quote !== null) return false;
      if (n.name === 'String' && stringValue(file, n) !== null) {
        const m = /^[rRuUbB]{0,2}(["'])/.exec(textOf(file, n));
        if (m) quote = m[1];
        return false;
      }
      return true;
    });
    return quote;
  };
  return (near ? first(near) : null) ?? first(file.tree.topNode) ?? "'";
}

/** A node's text in the edited file. */
export const text = (ctx: EditContext, node: { from: number; to: number }): string => textOf(ctx.file, node);

/** One way to write the init at the site; the first candidate that verifies is used. */
export interface Candidate {
  edits: SourceEdit[];
  /** The init as the rewritten code states it (a uniform draw keeps uniform: He uniform for He normal). */
  written: InitSpec;
}

export type Candidates = Candidate[] | { reason: string };

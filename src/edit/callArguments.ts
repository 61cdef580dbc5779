// Adding a keyword argument to a call the way its author would have typed it: inline calls
// get ", k=v" before the ")", one-argument-per-line calls get a new line at the same
// indentation, and a trailing comma stays a trailing comma.

import type { SourceEdit } from '../analysis/types';
import { callArgs, childrenOf, type SyntaxNode } from '../parse/syntax';
import type { EditContext } from './context';
import { indentAt, lineEndAt, lineEnding, lineStartAt } from './pyText';

/** The value node of keyword `name` in `call`, if the call passes it. */
export function keywordValue(ctx: EditContext, call: SyntaxNode, name: string): SyntaxNode | null {
  return callArgs(ctx.file, call).keywords.get(name) ?? null;
}

/** Edits that add `keyword` (e.g. "kernel_initializer='he_normal'") as the call's last argument. */
export function addKeyword(ctx: EditContext, call: SyntaxNode, keyword: string): SourceEdit[] | { reason: string } {
  const list = call.getChild('ArgList');
  if (!list) return { reason: 'the call has no argument list' };
  const kids = childrenOf(list);
  const open = kids[0];
  const close = kids[kids.length - 1];
  if (open?.name !== '(' || close?.name !== ')') return { reason: 'the call is not closed' };
  if (callArgs(ctx.file, call).hasSplat) return { reason: 'the call passes *args or **kwargs, which may already set the initializer; add it by hand' };
  const inner = kids.slice(1, -1).filter((k) => k.name !== 'Comment');
  if (inner.length === 0) return [{ from: close.from, to: close.from, newText: keyword }];

  const source = ctx.source;
  const trailingComma = inner[inner.length - 1].name === ',' ? inner[inner.length - 1] : null;
  const lastArgEnd = (trailingComma ? inner[inner.length - 2] : inner[inner.length - 1]).to;
  // The start of the last argument: the first node after the previous top-level comma.
  const commas = inner.filter((k) => k.name === ',' && k !== trailingComma);
  const lastArgStart = inner.find((k) => k.from > (commas.length > 0 ? commas[commas.length - 1].to : open.to))?.from ?? lastArgEnd;
  const ownLine = lineStartAt(source, lastArgStart) > open.from && source.slice(lineStartAt(source, lastArgStart), lastArgStart).trim() === '';

  if (!ownLine) {
    if (trailingComma) return [{ from: trailingComma.to, to: trailingComma.to, newText: ` ${keyword},` }];
    return [{ from: lastArgEnd, to: lastArgEnd, newText: `, ${keyword}` }];
  }
  const eol = lineEnding(source, lastArgStart);
  const indent = indentAt(source, lastArgStart);
  if (trailingComma) {
    // After the comma's line (and any comment on it), unless the ")" is on that line too.
    const end = lineEndAt(source, trailingComma.to);
    if (close.from >= end) return [{ from: end, to: end, newText: `${eol}${indent}${keyword},` }];
    return [{ from: trailingComma.to, to: trailingComma.to, newText: `${eol}${indent}${keyword},` }];
  }
  const end = lineEndAt(source, lastArgEnd);
  if (close.from >= end) {
    return [
      { from: lastArgEnd, to: lastArgEnd, newText: ',' },
      { from: end, to: end, newText: `${eol}${indent}${keyword}` },
    ];
  }
  return [{ from: lastArgEnd, to: lastArgEnd, newText: `,${eol}${indent}${keyword}` }];
}

// Call arguments: splitting an ArgList into `x`, `*xs`, `name=x`, `**kw`, and evaluating them
// the way Python binds them.

import { childrenOf, textOf, type SyntaxNode } from '../syntax';
import { spreadOf } from './torchExpressions';
import type { ArgItem, CallValues, Env, Machine } from './torchValues';

/** Splits an ArgList into `x`, `*xs`, `name=x` and `**kw` items. */
export function argItems(m: Machine, call: SyntaxNode): ArgItem[] {
  const list = call.getChild('ArgList');
  if (!list) return [];
  const items: ArgItem[] = [];
  let group: SyntaxNode[] = [];
  const flush = () => {
    const [first, second, third] = group;
    if (first && second?.name === 'AssignOp' && third && first.name === 'VariableName') items.push({ kind: 'keyword', name: textOf(m.file, first), node: third });
    else if (first?.name === '*' && second) items.push({ kind: 'splat', node: second });
    else if (first?.name === '**' && second) items.push({ kind: 'kwsplat', node: second });
    else if (first && group.length === 1) items.push({ kind: 'positional', node: first });
    group = [];
  };
  for (const child of childrenOf(list)) {
    if (child.name === '(' || child.name === ')' || child.name === 'Comment') continue;
    if (child.name === 'for') return []; // a bare generator argument: not worth reading
    if (child.name === ',') flush();
    else group.push(child);
  }
  flush();
  return items;
}

export function evaluateArgs(m: Machine, items: ArgItem[], env: Env): CallValues {
  const values: CallValues = { positional: [], keywords: new Map(), opaque: false };
  for (const item of items) {
    const value = m.evaluate(item.node, env);
    if (item.kind === 'positional') values.positional.push(value);
    else if (item.kind === 'keyword' && item.name) values.keywords.set(item.name, value);
    else if (item.kind === 'splat') {
      const spread = spreadOf(value);
      if (spread === null) values.opaque = true;
      else {
        values.positional.push(...spread.items);
        if (spread.uncertain) values.uncertain = true;
      }
    } else if (value && typeof value === 'object' && value.kind === 'dict') {
      for (const [k, v] of value.entries) if (typeof k === 'string') values.keywords.set(k, v);
    } else values.opaque = true;
  }
  return values;
}


// Import aliases: `import torch.nn as nn`, `from torch.nn import init`, `import numpy as np`
// map local names to canonical dotted paths, so detectors match on one spelling.

import { childrenOf, textOf, type SourceFile, type SyntaxNode } from './syntax';

export type ImportTable = Map<string, string>;

/** Spellings that mean the same module, folded to one canonical prefix. */
const CANONICAL_PREFIXES: [string, string][] = [
  ['tensorflow.keras.', 'keras.'],
  ['tf.keras.', 'keras.'],
  ['tensorflow.python.keras.', 'keras.'],
  ['flax.linen.initializers.', 'jax.nn.initializers.'],
  ['jax.nn.initializers.', 'jax.nn.initializers.'],
  ['flax.linen.', 'flax.linen.'],
  ['keras.src.', 'keras.'],
];

export function collectImports(file: SourceFile): ImportTable {
  const table: ImportTable = new Map();
  const top = file.tree.topNode;
  const visit = (node: SyntaxNode) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'ImportStatement') addImport(file, child, table);
      else if (child.name === 'Body' || child.name.endsWith('Statement') || child.name.endsWith('Definition')) visit(child);
    }
  };
  visit(top);
  return table;
}

function addImport(file: SourceFile, node: SyntaxNode, table: ImportTable): void {
  const kids = childrenOf(node);
  const isFrom = kids[0]?.name === 'from';
  if (isFrom) {
    // from A.B import c as d, e
    const importAt = kids.findIndex((k) => k.name === 'import');
    if (importAt < 0) return;
    const module = kids
      .slice(1, importAt)
      .map((k) => textOf(file, k))
      .join('');
    let i = importAt + 1;
    while (i < kids.length) {
      const k = kids[i];
      if (k.name === 'VariableName') {
        const name = textOf(file, k);
        let local = name;
        if (kids[i + 1]?.name === 'as' && kids[i + 2]?.name === 'VariableName') {
          local = textOf(file, kids[i + 2]);
          i += 2;
        }
        table.set(local, module.startsWith('.') ? name : `${module}.${name}`);
      }
      i++;
    }
    return;
  }
  // import a.b.c as d, e.f
  let i = 1;
  while (i < kids.length) {
    if (kids[i].name !== 'VariableName') {
      i++;
      continue;
    }
    const parts = [textOf(file, kids[i])];
    let j = i + 1;
    while (kids[j]?.name === '.' && kids[j + 1]?.name === 'VariableName') {
      parts.push(textOf(file, kids[j + 1]));
      j += 2;
    }
    if (kids[j]?.name === 'as' && kids[j + 1]?.name === 'VariableName') {
      table.set(textOf(file, kids[j + 1]), parts.join('.'));
      j += 2;
    } else {
      // `import torch.nn` binds `torch`; the dotted path resolves through it.
      table.set(parts[0], parts[0]);
    }
    i = j;
  }
}

/** Resolves the first segment through the import table and folds module spellings. */
export function qualify(dotted: string, imports: ImportTable): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const rest = dot < 0 ? '' : dotted.slice(dot);
  const resolved = (imports.get(head) ?? head) + rest;
  return canonical(resolved);
}

export function canonical(path: string): string {
  const withDot = `${path}.`;
  for (const [from, to] of CANONICAL_PREFIXES) {
    if (withDot.startsWith(from)) return (to + withDot.slice(from.length)).slice(0, -1);
  }
  return path;
}

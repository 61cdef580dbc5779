// What an init call's spelling says when the interpreter could not resolve its target: bias and
// weight names, and whether the call sits in a branch for normalization or embedding modules.

import type { InitSpec } from '../../core/types';
import type { ImportTable } from '../imports';
import { childrenOf, dottedName, stringValue, walk, type SourceFile, type SyntaxNode } from '../syntax';
import { torchPath } from './torchNames';

/** `m.weight.data` → `m.weight`: `.data` is the same storage. */
export function stripData(text: string): string {
  return text.replace(/\s*\n\s*/g, '').replace(/(\.data|\.detach\(\))+$/, '');
}

function lastSegment(target: string): string {
  const clean = target.replace(/\[[^\]]*\]/g, '');
  return clean.slice(clean.lastIndexOf('.') + 1);
}

/**
 * A bias: `*.bias`, any name containing "bias", and `b`, `b1`, `b_out` when the init is a
 * constant (zeroing a bias is routine; zeroing a weight is the bug worth reporting).
 */
export function isBiasName(target: string, init: InitSpec): boolean {
  const last = lastSegment(target);
  if (/bias/i.test(last)) return true;
  return /^b(\d+|_\w+)?$/.test(last) && (init.scheme === 'zeros' || init.scheme === 'constant');
}

/** In-place inits count only on weight-like tensors: `.weight`, `W1`, `w`, `kernel`, `w_hh`. */
export function isWeightLikeName(target: string): boolean {
  const last = lastSegment(target);
  if (/bias/i.test(last)) return false;
  return /weight|kernel/i.test(last) || /^[Ww](\d+|_\w*)?$/.test(last);
}

const LAYER_WORDS = /Linear|Conv/;
const NOT_LAYER_WORDS = /Norm|Embedding|LSTM|GRU|RNN/;

/**
 * Whether the innermost enclosing `if`/`elif` that names module classes (isinstance(m, ...),
 * `classname.find('BatchNorm')`) names only normalization, embedding or recurrent modules.
 */
export function isNormBranch(file: SourceFile, imports: ImportTable, node: SyntaxNode): boolean {
  let child: SyntaxNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name !== 'IfStatement' || child.name !== 'Body') continue;
    const kids = childrenOf(parent);
    const at = kids.findIndex((k) => k.from === child.from && k.to === child.to);
    const keyword = kids[at - 2];
    if (!keyword || (keyword.name !== 'if' && keyword.name !== 'elif')) continue;
    const words = mentionedClasses(file, imports, kids[at - 1]);
    if (words.length === 0) continue;
    return words.some((w) => NOT_LAYER_WORDS.test(w)) && !words.some((w) => LAYER_WORDS.test(w));
  }
  return false;
}

function mentionedClasses(file: SourceFile, imports: ImportTable, condition: SyntaxNode | undefined): string[] {
  const words: string[] = [];
  if (!condition) return words;
  walk(condition, (n) => {
    if (n.name === 'String') {
      const s = stringValue(file, n);
      if (s && (LAYER_WORDS.test(s) || NOT_LAYER_WORDS.test(s))) words.push(s);
      return false;
    }
    if (n.name === 'MemberExpression' || n.name === 'VariableName') {
      const dotted = dottedName(file, n);
      if (dotted === null) return;
      const last = torchPath(dotted, imports).split('.').pop() ?? '';
      if (/^[A-Z_]/.test(last) && (LAYER_WORDS.test(last) || NOT_LAYER_WORDS.test(last))) words.push(last);
      return false;
    }
    return;
  });
  return words;
}

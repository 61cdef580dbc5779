// Keras: `kernel_initializer=` is rewritten in the form the code already uses — a string
// ('glorot_uniform' → 'he_normal', same quotes) or an initializer object with the same module
// prefix (initializers.GlorotUniform() → initializers.HeNormal()) — and a layer left at its
// default gets the argument added. Keras' he_normal is its own (truncated) variance-scaling
// He: same variance as the canonical He normal, which is what a Keras user means by it.

import type { InitSpec } from '../core/types';
import { calleeOf, stringValue, type SyntaxNode } from '../parse/syntax';
import { addKeyword, keywordValue } from './callArguments';
import { aliasFor, quoteStyle, splitCallee, text, type Candidates, type EditContext } from './context';
import { pyNumber, pyString } from './pyText';
import { namedScaling, varianceRule, varianceScale, type ScaledVariance } from './varianceRule';

const KERAS_INITIALIZERS = ['keras.initializers', 'tensorflow.keras.initializers'];
const KEYWORD = 'kernel_initializer';

/** A Keras initializer: its string name when it has one, and its object form. */
interface KerasName {
  string: string | null;
  cls: string;
  args: (quote: string) => string[];
}

export function kerasCandidates(ctx: EditContext, init: InitSpec): Candidates {
  const node = ctx.node;
  if (node.name !== 'CallExpression') return { reason: 'this Keras initializer is not a layer argument; change it where it is defined' };
  const name = kerasName(init);
  if ('reason' in name) return name;
  const old = keywordValue(ctx, node, KEYWORD);
  if (old) {
    const value = initializerText(ctx, name, old);
    if (typeof value !== 'string') return value;
    return [{ edits: [{ from: old.from, to: old.to, newText: value }], written: init }];
  }
  if (ctx.site.implicit) {
    const value = initializerText(ctx, name, null);
    if (typeof value !== 'string') return value;
    const edits = addKeyword(ctx, node, `${KEYWORD}=${value}`);
    return 'reason' in edits ? edits : [{ edits, written: init }];
  }
  // An initializer object on its own (`glorot_init = glorot_normal()`): same prefix, new class.
  const split = splitCallee(ctx.file, node);
  if (split && split.prefix !== '' && /initializers\.$/.test(split.prefix)) {
    return [{ edits: [{ from: node.from, to: node.to, newText: `${split.prefix}${name.cls}(${name.args(quoteStyle(ctx.file, node)).join(', ')})` }], written: init }];
  }
  return { reason: 'this Keras initializer is not a layer argument; change it where it is defined' };
}

/** The initializer in the form `old` uses: a string, an object with old's prefix, else what the imports allow. */
function initializerText(ctx: EditContext, name: KerasName, old: SyntaxNode | null): string | { reason: string } {
  const quote = old && old.name === 'String' ? (/^[rRuUbB]{0,2}(["'])/.exec(text(ctx, old))?.[1] ?? "'") : quoteStyle(ctx.file, ctx.node);
  const object = (prefix: string) => `${prefix}${name.cls}(${name.args(quote).join(', ')})`;
  if (old && stringValue(ctx.file, old) !== null && name.string) return pyString(name.string, quote);
  if (old && old.name === 'CallExpression') {
    const split = splitCallee(ctx.file, old);
    if (split && split.prefix !== '') return object(split.prefix);
  }
  // Strings need no import: the idiomatic form for a layer that had none or a bound name.
  if (name.string) return pyString(name.string, quote);
  const module = aliasFor(ctx.imports, KERAS_INITIALIZERS);
  if (module) return object(`${module}.`);
  const bare = aliasFor(
    ctx.imports,
    KERAS_INITIALIZERS.map((m) => `${m}.${name.cls}`),
  );
  if (bare) return `${bare}(${name.args(quote).join(', ')})`;
  if (old && old.name === 'CallExpression' && calleeOf(old)) return { reason: `keras.initializers.${name.cls} is not imported here; import it to apply the fix` };
  return { reason: `keras.initializers is not imported here; import it to use ${name.cls}` };
}

function kerasName(init: InitSpec): KerasName | { reason: string } {
  const named = (string: string | null, cls: string, args: (q: string) => string[] = () => []): KerasName => ({ string, cls, args });
  const scaling = (rule: ScaledVariance, distribution: string): KerasName =>
    named(null, 'VarianceScaling', (q) => [`scale=${varianceScale(rule)}`, `mode=${pyString(rule.fan, q)}`, `distribution=${pyString(distribution, q)}`]);
  switch (init.scheme) {
    case 'he_normal':
    case 'he_uniform':
    case 'lecun_normal':
    case 'lecun_uniform':
    case 'xavier_normal':
    case 'xavier_uniform':
    case 'keras_default':
    case 'flax_default':
    case 'torch_default': {
      const scaled = namedScaling(init);
      if ('reason' in scaled) return scaled;
      const capital = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
      if (scaled.name !== null) return named(`${scaled.name}_${scaled.family}`, `${capital(scaled.name)}${capital(scaled.family)}`);
      // Keras' named normal variance-scaling initializers are truncated; stay with that family.
      return scaling(scaled.rule, scaled.family === 'uniform' ? 'uniform' : 'truncated_normal');
    }
    case 'variance_scaling': {
      const rule = varianceRule(init);
      if ('reason' in rule || rule.kind !== 'scaled') return { reason: 'not a variance-scaling init' };
      const d = init.distribution ?? 'truncated_normal';
      return scaling(rule, d === 'normal' ? 'untruncated_normal' : d);
    }
    case 'normal':
      return named(null, 'RandomNormal', () => [...((init.mean ?? 0) !== 0 ? [`mean=${pyNumber(init.mean ?? 0)}`] : []), `stddev=${pyNumber(init.std ?? 1)}`]);
    case 'uniform':
      return named(null, 'RandomUniform', () => [`minval=${pyNumber(init.low ?? 0)}`, `maxval=${pyNumber(init.high ?? 1)}`]);
    case 'truncated_normal':
      if (init.truncation === undefined) return { reason: 'Keras TruncatedNormal cuts at ±2σ; PyTorch-style absolute bounds have no Keras initializer' };
      return named(null, 'TruncatedNormal', () => [...((init.mean ?? 0) !== 0 ? [`mean=${pyNumber(init.mean ?? 0)}`] : []), `stddev=${pyNumber(init.std ?? 1)}`]);
    case 'orthogonal':
      return (init.gain ?? 1) === 1 ? named('orthogonal', 'Orthogonal') : named(null, 'Orthogonal', () => [`gain=${pyNumber(init.gain ?? 1)}`]);
    case 'zeros':
      return named('zeros', 'Zeros');
    case 'constant':
      return (init.value ?? 0) === 1 ? named('ones', 'Ones') : named(null, 'Constant', () => [`value=${pyNumber(init.value ?? 0)}`]);
    default:
      return { reason: `Keras has no initializer for ${init.scheme}` };
  }
}

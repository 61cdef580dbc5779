// Initializer expressions → InitSpec, with each library's exact defaults. The generic reader
// follows names to the expression they were bound to; families (Keras here, JAX in
// flaxInitializers, Haiku in haiku) say what each name and argument means.

import type { FanMode, InitSpec, VarianceScalingDistribution } from '../../core/types';
import { parseInitName } from '../../core/schemes';
import { qualify } from '../imports';
import { argument, callArgs, dottedName, stringValue, textOf, type CallArgs, type SyntaxNode } from '../syntax';
import type { Framework } from '../types';
import { isNone, nodeKey, numberOf, stringOf, type ReadContext } from './kerasStack';

export interface InitializerFamily {
  /** Framework of a standalone site of this family. */
  framework: Framework;
  /** The initializer's snake_case name when `path` belongs to this family ('he_normal'). */
  nameOf(path: string): string | null;
  /** Keras accepts string names (kernel_initializer='he_normal'). */
  strings: boolean;
  /** Applying an initializer: where the shape is, (key, shape) for JAX, (shape) for Keras and Haiku. */
  shapeIndex: number;
  /** The InitSpec for `name` called with `call`'s arguments (null call: defaults); null if unknown. */
  read(rc: ReadContext, name: string, call: SyntaxNode | null): Reading | null;
  /** JAX's zeros/ones are initializers themselves, not factories: `zeros(key, shape)` applies one. */
  isFunction?(name: string): boolean;
}

export interface Reading {
  init: InitSpec;
  unresolved: string[];
}

export interface InitializerRead extends Reading {
  /** The initializer expression itself, after following names. */
  node: SyntaxNode;
  family: InitializerFamily;
  name: string;
}

const MAX_INDIRECTION = 8;

/** "HeNormal" → "he_normal", "GlorotUniform" → "glorot_uniform". */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/-/g, '_');
}

/** The family and name of a dotted path, if any family knows it. */
export function initializerName(path: string, families: readonly InitializerFamily[]): { family: InitializerFamily; name: string } | null {
  for (const family of families) {
    const name = family.nameOf(path);
    if (name !== null) return { family, name };
  }
  return null;
}

/** Reads an initializer expression (a string, a factory call, a bare reference or a name bound to one). */
export function readInitializer(rc: ReadContext, node: SyntaxNode | null | undefined, families: readonly InitializerFamily[], depth = 0): InitializerRead | null {
  if (!node || depth > MAX_INDIRECTION) return null;
  const file = rc.ctx.file;
  const text = stringValue(file, node);
  if (text !== null) {
    const family = families.find((f) => f.strings);
    const reading = family?.read(rc, snakeCase(text), null);
    return family && reading ? { ...reading, node, family, name: snakeCase(text) } : null;
  }
  if (node.name === 'ParenthesizedExpression') return readInitializer(rc, node.firstChild?.nextSibling, families, depth + 1);
  if (node.name === 'CallExpression') {
    const callee = dottedName(file, node.firstChild);
    const known = callee === null ? null : initializerName(qualify(callee, rc.ctx.imports), families);
    const reading = known?.family.read(rc, known.name, node);
    return known && reading ? { ...reading, node, family: known.family, name: known.name } : null;
  }
  const dotted = dottedName(file, node);
  if (dotted === null) return null;
  const known = initializerName(qualify(dotted, rc.ctx.imports), families);
  if (known) {
    const reading = known.family.read(rc, known.name, null);
    return reading ? { ...reading, node, family: known.family, name: known.name } : null;
  }
  // A string name held in a variable (init = 'he_normal') or an initializer bound earlier.
  const bound = rc.bindings.resolve(dotted, node.from);
  return bound && nodeKey(bound) !== nodeKey(node) ? readInitializer(rc, bound, families, depth + 1) : null;
}

/** Collects argument values with defaults; an argument that cannot be evaluated is listed, not guessed. */
export class ArgReader {
  readonly unresolved: string[] = [];
  readonly args: CallArgs;

  constructor(
    private readonly rc: ReadContext,
    call: SyntaxNode | null,
  ) {
    this.args = call ? callArgs(rc.ctx.file, call) : { positional: [], keywords: new Map(), hasSplat: false };
  }

  node(index: number, name: string): SyntaxNode | undefined {
    return argument(this.args, index, name);
  }

  /** The number at (index, name), the default when absent, undefined when unevaluable. */
  number(index: number, name: string, fallback: number): number | undefined {
    const node = this.node(index, name);
    if (!node) return fallback;
    const v = numberOf(this.rc, node);
    if (v === null) this.unresolved.push(textOf(this.rc.ctx.file, node));
    return v ?? undefined;
  }

  string(index: number, name: string, fallback: string): string | undefined {
    const node = this.node(index, name);
    if (!node) return fallback;
    const v = stringOf(this.rc, node);
    if (v === null) this.unresolved.push(textOf(this.rc.ctx.file, node));
    return v ?? undefined;
  }

  mode(index: number, fallback: FanMode): FanMode | undefined {
    const mode = this.string(index, 'mode', fallback);
    if (mode === undefined) return undefined;
    if (mode === 'fan_in' || mode === 'fan_out' || mode === 'fan_avg') return mode;
    this.unresolved.push(`mode='${mode}'`);
    return undefined;
  }

  /** Keras maps distribution='normal' to truncated_normal; JAX and Haiku mean an untruncated normal. */
  distribution(index: number, fallback: VarianceScalingDistribution, normalIsTruncated: boolean): VarianceScalingDistribution | undefined {
    const raw = this.string(index, 'distribution', fallback);
    if (raw === undefined) return undefined;
    const d = raw.toLowerCase();
    if (d === 'normal') return normalIsTruncated ? 'truncated_normal' : 'normal';
    if (d === 'truncated_normal' || d === 'untruncated_normal' || d === 'uniform') return d;
    this.unresolved.push(`distribution='${raw}'`);
    return undefined;
  }

  isNone(index: number, name: string): boolean {
    return isNone(this.rc.ctx.file, this.node(index, name));
  }
}

/** Drops undefined fields so an unevaluable argument leaves its field unset. */
export function spec(fields: InitSpec): InitSpec {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as unknown as InitSpec;
}

// ── Keras / tf.keras ────────────────────────────────────────────────────────────────────

/**
 * Keras under any package prefix, as `keras.…`: tf.compat.v1.keras.layers.Dense and
 * tf_keras.layers.Dense are the same layers (tf.keras.* is already folded by qualify).
 */
export function asKeras(path: string): string | null {
  if (path.startsWith('keras.')) return path;
  if (path.startsWith('tf_keras.')) return `keras.${path.slice('tf_keras.'.length)}`;
  const at = path.indexOf('.keras.');
  return at >= 0 && path.startsWith('tensorflow.') ? path.slice(at + 1) : null;
}

/** TF2 top-level spellings of the same initializers. */
const TENSORFLOW_ALIASES: Readonly<Record<string, string>> = {
  'tensorflow.random_normal_initializer': 'random_normal',
  'tensorflow.random_uniform_initializer': 'random_uniform',
  'tensorflow.zeros_initializer': 'zeros',
  'tensorflow.ones_initializer': 'ones',
  'tensorflow.constant_initializer': 'constant',
};

const KERAS_NAMES = new Set([
  'random_normal', 'normal', 'random_uniform', 'uniform', 'truncated_normal', 'variance_scaling', 'orthogonal',
  'constant', 'zeros', 'zero', 'ones', 'one', 'identity', 'he_normal', 'he_uniform', 'glorot_normal',
  'glorot_uniform', 'lecun_normal', 'lecun_uniform',
]);

export const KERAS_INITIALIZERS: InitializerFamily = {
  framework: 'keras',
  strings: true,
  shapeIndex: 0,
  nameOf(path) {
    if (Object.hasOwn(TENSORFLOW_ALIASES, path)) return TENSORFLOW_ALIASES[path];
    const keras = asKeras(path);
    const inKeras = keras !== null && keras.split('.').includes('initializers');
    const inTf = path.startsWith('tensorflow.initializers.');
    if (!inKeras && !inTf) return null;
    const name = snakeCase(path.slice(path.lastIndexOf('.') + 1));
    return KERAS_NAMES.has(name) ? name : null;
  },
  read(rc, name, call) {
    if (!KERAS_NAMES.has(name)) return null;
    const a = new ArgReader(rc, call);
    let init: InitSpec;
    switch (name) {
      case 'random_normal':
      case 'normal':
        init = spec({ scheme: 'normal', mean: a.number(0, 'mean', 0), std: a.number(1, 'stddev', 0.05) });
        break;
      case 'random_uniform':
      case 'uniform':
        init = spec({ scheme: 'uniform', low: a.number(0, 'minval', -0.05), high: a.number(1, 'maxval', 0.05) });
        break;
      case 'truncated_normal':
        // Keras TruncatedNormal redraws beyond 2σ and does not rescale.
        init = spec({ scheme: 'truncated_normal', mean: a.number(0, 'mean', 0), std: a.number(1, 'stddev', 0.05), truncation: 'keras' });
        break;
      case 'variance_scaling':
        init = spec({ scheme: 'variance_scaling', scale: a.number(0, 'scale', 1), mode: a.mode(1, 'fan_in'), distribution: a.distribution(2, 'truncated_normal', true) });
        break;
      case 'orthogonal':
        init = spec({ scheme: 'orthogonal', gain: a.number(0, 'gain', 1) });
        break;
      case 'constant':
        init = spec({ scheme: 'constant', value: a.number(0, 'value', 0) });
        break;
      case 'zeros':
      case 'zero':
        init = { scheme: 'zeros' };
        break;
      case 'ones':
      case 'one':
        init = { scheme: 'constant', value: 1 };
        break;
      case 'identity':
        init = spec({ scheme: 'eye', gain: a.number(0, 'gain', 1) });
        break;
      default:
        // he_*, glorot_*, lecun_*: only a seed argument, and parseInitName knows their Keras meaning.
        init = parseInitName(name, 'keras');
    }
    return { init, unresolved: a.unresolved };
  },
};

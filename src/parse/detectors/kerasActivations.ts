// Activations as Keras, TensorFlow, JAX and Flax spell them, with each library's defaults
// (Keras LeakyReLU slope 0.3, tf.nn.leaky_relu 0.2, jax.nn.leaky_relu 0.01; jax.nn.gelu is the
// tanh approximation by default, Keras and tf.nn gelu the erf form).

import type { ActivationSpec } from '../../core/types';
import { qualify } from '../imports';
import { argument, callArgs, dottedName, stringValue, textOf, type SyntaxNode } from '../syntax';
import type { Inferred } from '../types';
import { isNone, numberOf, valueOf, type Op, type ReadContext } from './kerasStack';

interface Meaning {
  spec: ActivationSpec;
  /** Why a stand-in was chosen, e.g. softmax on an output layer is simulated as linear. */
  note?: string;
}

const plain = (name: ActivationSpec['name']): Meaning => ({ spec: { name } });
const standIn = (name: ActivationSpec['name'], note: string): Meaning => ({ spec: { name }, note });
const OUTPUT = 'output normalisation, simulated as linear';

/** Keras string names (activation='relu') and keras.activations.* functions. */
const KERAS: Readonly<Record<string, Meaning>> = {
  linear: plain('linear'),
  relu: plain('relu'),
  relu6: standIn('relu', 'relu6 simulated as relu'),
  leaky_relu: { spec: { name: 'leaky_relu', param: 0.2 } },
  elu: plain('elu'),
  selu: plain('selu'),
  gelu: plain('gelu'),
  silu: plain('silu'),
  swish: plain('silu'),
  sigmoid: plain('sigmoid'),
  hard_sigmoid: standIn('sigmoid', 'hard_sigmoid simulated as sigmoid'),
  hard_silu: standIn('silu', 'hard_silu simulated as silu'),
  hard_swish: standIn('silu', 'hard_swish simulated as silu'),
  tanh: plain('tanh'),
  softsign: standIn('tanh', 'softsign simulated as tanh'),
  softplus: plain('softplus'),
  mish: plain('mish'),
  softmax: standIn('linear', `softmax: ${OUTPUT}`),
  log_softmax: standIn('linear', `log_softmax: ${OUTPUT}`),
};

/** jax.nn.* (and flax.linen.*, which re-exports them). */
const JAX: Readonly<Record<string, Meaning>> = {
  relu: plain('relu'),
  relu6: standIn('relu', 'relu6 simulated as relu'),
  leaky_relu: { spec: { name: 'leaky_relu', param: 0.01 } },
  elu: plain('elu'),
  celu: standIn('elu', 'celu simulated as elu'),
  selu: plain('selu'),
  gelu: plain('gelu_tanh'),
  silu: plain('silu'),
  swish: plain('silu'),
  sigmoid: plain('sigmoid'),
  tanh: plain('tanh'),
  hard_tanh: standIn('tanh', 'hard_tanh simulated as tanh'),
  soft_sign: standIn('tanh', 'soft_sign simulated as tanh'),
  softplus: plain('softplus'),
  mish: plain('mish'),
  identity: plain('linear'),
  softmax: standIn('linear', `softmax: ${OUTPUT}`),
  log_softmax: standIn('linear', `log_softmax: ${OUTPUT}`),
};

/** A qualified function path (tf.nn.relu, jax.nn.gelu, nn.relu under flax, keras.activations.tanh). */
export function activationByPath(path: string): Meaning | null {
  const dot = path.lastIndexOf('.');
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  const table =
    module === 'keras.activations'
      ? KERAS
      : module === 'jax.nn' || module === 'flax.linen' || module === 'flax.linen.activation'
        ? JAX
        : // tf.nn agrees with Keras where both define a name (leaky_relu 0.2, gelu erf).
          module === 'tensorflow.nn' || module === 'tensorflow.math' || module === 'tensorflow'
          ? KERAS
          : module === 'jax.numpy' && name === 'tanh'
            ? JAX
            : null;
  return table && Object.hasOwn(table, name) ? table[name] : null;
}

export function kerasActivationName(name: string): Meaning | null {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(KERAS, key) ? KERAS[key] : null;
}

/** Applies a call's own arguments: slopes, alphas, gelu(approximate=). */
function withCallArguments(rc: ReadContext, path: string, meaning: Meaning, call: SyntaxNode | null): ActivationSpec {
  const spec = { ...meaning.spec };
  if (!call) return spec;
  const args = callArgs(rc.ctx.file, call);
  const tf = path.startsWith('tensorflow.');
  if (spec.name === 'leaky_relu') {
    const slope = numberOf(rc, argument(args, 1, tf ? 'alpha' : 'negative_slope') ?? args.keywords.get('alpha'));
    if (slope !== null) spec.param = slope;
  } else if (spec.name === 'elu') {
    const alpha = numberOf(rc, argument(args, 1, 'alpha'));
    if (alpha !== null && alpha !== 1) spec.param = alpha;
  } else if (spec.name === 'gelu' || spec.name === 'gelu_tanh') {
    const approximate = valueOf(rc, argument(args, 1, 'approximate'));
    if (typeof approximate === 'boolean') spec.name = approximate ? 'gelu_tanh' : 'gelu';
  }
  return spec;
}

/** `nn.relu(x)` applied to a tensor, or `jax.nn.relu` referenced in a layer list. */
export function activationOp(rc: ReadContext, path: string, call: SyntaxNode | null): Op | null {
  const meaning = activationByPath(path);
  if (!meaning) return null;
  const text = call ? compactCall(rc, call) : path;
  return { kind: 'activation', activation: withCallArguments(rc, path, meaning, call), source: meaning.note ? `${text} (${meaning.note})` : text };
}

/** Keras activation layers: Activation('relu'), ReLU(negative_slope=…), LeakyReLU(0.2), ELU, PReLU, Softmax. */
export function kerasActivationLayer(rc: ReadContext, name: string, call: SyntaxNode): Op | null {
  const file = rc.ctx.file;
  const args = callArgs(file, call);
  const text = textOf(file, call);
  const op = (activation: ActivationSpec, note?: string): Op => ({ kind: 'activation', activation, source: note ? `${text} (${note})` : text });
  switch (name) {
    case 'Activation': {
      const read = readActivationArgument(rc, argument(args, 0, 'activation'));
      return read ? { kind: 'activation', activation: read.value, source: text } : null;
    }
    case 'ReLU': {
      const slope = numberOf(rc, argument(args, 1, 'negative_slope'));
      return op(slope ? { name: 'leaky_relu', param: slope } : { name: 'relu' });
    }
    case 'LeakyReLU': {
      // Keras 2 says alpha=, Keras 3 negative_slope=; both default to 0.3.
      const slope = numberOf(rc, args.keywords.get('negative_slope') ?? args.keywords.get('alpha') ?? args.positional[0]);
      return op({ name: 'leaky_relu', param: slope ?? 0.3 });
    }
    case 'ELU': {
      const alpha = numberOf(rc, argument(args, 0, 'alpha'));
      return op(alpha !== null && alpha !== 1 ? { name: 'elu', param: alpha } : { name: 'elu' });
    }
    case 'PReLU':
      return op({ name: 'relu' }, 'PReLU slopes start at 0');
    case 'Softmax':
      return op({ name: 'linear' }, OUTPUT);
    default:
      return null;
  }
}

/**
 * A Keras `activation=` argument: a string, None, a function (tf.nn.relu, keras.activations.relu,
 * jax.nn.relu) or an activation layer instance (layers.LeakyReLU(0.2)). Null when unknown.
 */
export function readActivationArgument(rc: ReadContext, node: SyntaxNode | undefined): Inferred<ActivationSpec> | null {
  if (!node) return null;
  const file = rc.ctx.file;
  const text = textOf(file, node);
  if (isNone(file, node)) return { value: { name: 'linear' }, source: text };
  const name = stringValue(file, node) ?? (node.name === 'VariableName' ? stringOrNull(valueOf(rc, node)) : null);
  if (name !== null) {
    const meaning = kerasActivationName(name);
    return meaning ? { value: { ...meaning.spec }, source: meaning.note ? `${text} (${meaning.note})` : text } : null;
  }
  const dotted = dottedName(file, node);
  if (dotted !== null) {
    const meaning = activationByPath(qualify(dotted, rc.ctx.imports));
    return meaning ? { value: { ...meaning.spec }, source: meaning.note ? `${text} (${meaning.note})` : text } : null;
  }
  if (node.name === 'CallExpression') {
    const callee = dottedName(file, node.firstChild);
    const path = callee === null ? '' : qualify(callee, rc.ctx.imports);
    const op = path.startsWith('keras.') ? kerasActivationLayer(rc, path.slice(path.lastIndexOf('.') + 1), node) : null;
    return op && op.kind === 'activation' ? { value: op.activation, source: op.source } : null;
  }
  return null;
}

/** `nn.relu(x)` as written; a long call (nested layers) is shortened to `nn.relu(…)`. */
function compactCall(rc: ReadContext, call: SyntaxNode): string {
  const text = textOf(rc.ctx.file, call);
  return text.length <= 48 || !call.firstChild ? text : `${textOf(rc.ctx.file, call.firstChild)}(…)`;
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

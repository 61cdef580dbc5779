// jax.nn.initializers (also reached as flax.linen.initializers / nn.initializers and
// flax.nnx.initializers) with JAX's own defaults: normal(0.01), uniform U[0, 0.01),
// truncated_normal(0.01) truncated at ±2σ without rescaling, and the variance-scaling family
// whose *_normal members are truncated and rescaled (parseInitName 'flax' semantics).

import type { InitSpec } from '../../core/types';
import { parseInitName } from '../../core/schemes';
import { ArgReader, spec, type InitializerFamily } from './kerasInitializers';

const PREFIXES = ['jax.nn.initializers.', 'flax.nnx.initializers.', 'flax.nnx.nn.initializers.'];

/** JAX's names, with the aliases folded to the name parseInitName knows. */
const JAX_NAMES: Readonly<Record<string, string>> = {
  normal: 'normal',
  uniform: 'uniform',
  truncated_normal: 'truncated_normal',
  variance_scaling: 'variance_scaling',
  glorot_normal: 'glorot_normal',
  xavier_normal: 'glorot_normal',
  glorot_uniform: 'glorot_uniform',
  xavier_uniform: 'glorot_uniform',
  he_normal: 'he_normal',
  kaiming_normal: 'he_normal',
  he_uniform: 'he_uniform',
  kaiming_uniform: 'he_uniform',
  lecun_normal: 'lecun_normal',
  lecun_uniform: 'lecun_uniform',
  orthogonal: 'orthogonal',
  constant: 'constant',
  zeros: 'zeros',
  ones: 'ones',
  zeros_init: 'zeros',
  ones_init: 'ones',
};

/** Flax's own name for the Dense/Conv default (lecun_normal()). */
const DEFAULT_KERNEL_INIT = ['flax.linen.linear.default_kernel_init', 'flax.linen.default_kernel_init'];

export const JAX_INITIALIZERS: InitializerFamily = {
  framework: 'jax',
  strings: false,
  shapeIndex: 1,
  nameOf(path) {
    if (DEFAULT_KERNEL_INIT.includes(path)) return 'lecun_normal';
    const prefix = PREFIXES.find((p) => path.startsWith(p));
    if (!prefix) return null;
    const name = path.slice(prefix.length);
    return Object.hasOwn(JAX_NAMES, name) ? name : null;
  },
  isFunction: (name) => name === 'zeros' || name === 'ones',
  read(rc, rawName, call) {
    const name = JAX_NAMES[rawName];
    if (name === undefined) return null;
    // zeros/ones are initializers, not factories: there are no arguments to read.
    const a = new ArgReader(rc, name === 'zeros' || name === 'ones' || rawName === 'zeros_init' || rawName === 'ones_init' ? null : call);
    let init: InitSpec;
    switch (name) {
      case 'normal':
        init = spec({ scheme: 'normal', mean: 0, std: a.number(0, 'stddev', 1e-2) });
        break;
      case 'uniform': {
        const scale = a.number(0, 'scale', 1e-2);
        init = spec({ scheme: 'uniform', low: 0, high: scale });
        break;
      }
      case 'truncated_normal': {
        const std = a.number(0, 'stddev', 1e-2);
        const lower = a.number(2, 'lower', -2);
        const upper = a.number(3, 'upper', 2);
        // Default bounds are ±2σ ('plain'); other bounds are absolute: stddev · [lower, upper].
        init =
          lower === -2 && upper === 2
            ? spec({ scheme: 'truncated_normal', mean: 0, std, truncation: 'plain' })
            : spec({ scheme: 'truncated_normal', mean: 0, std, low: mul(std, lower), high: mul(std, upper) });
        break;
      }
      case 'variance_scaling': {
        // JAX requires all three; 'normal' is untruncated there.
        init = spec({ scheme: 'variance_scaling', scale: a.number(0, 'scale', 1), mode: a.mode(1, 'fan_in'), distribution: a.distribution(2, 'truncated_normal', false) });
        break;
      }
      case 'orthogonal':
        init = spec({ scheme: 'orthogonal', gain: a.number(0, 'scale', 1) });
        break;
      case 'constant':
        init = spec({ scheme: 'constant', value: a.number(0, 'value', 0) });
        break;
      case 'zeros':
        init = { scheme: 'zeros' };
        break;
      case 'ones':
        init = { scheme: 'constant', value: 1 };
        break;
      default:
        init = parseInitName(name, 'flax');
    }
    return { init, unresolved: a.unresolved };
  },
};

function mul(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a * b;
}

// `init-lens simulate`: one initialization through a square deep network.

import { parseArgs } from 'node:util';
import { parseActivation } from '../core/activations';
import { requireInteger } from '../core/errors';
import { parseInitName } from '../core/schemes';
import { DEFAULT_OPTIONS, LIMITS, simulate } from '../core/simulate';
import type { EngineName, FanMode, InitSpec, NetworkSpec, RngKind, SimulationOptions, SimulationResult, VarianceScalingDistribution } from '../core/types';
import { diagnose } from '../diagnose/verdict';
import { defaultPoolSize, MAX_POOL_SIZE, SimulationPool } from '../worker/pool';
import { integer, joinNegativeNumbers, number, oneOf, required } from './args';
import { simulationJson } from './report/simulationJson';
import { simulationText } from './report/simulationText';

export const SIMULATE_USAGE = `Usage: init-lens simulate --init SCHEME --activation ACT[:param] --width N --depth L [options]

  --init SCHEME        normal, uniform, truncated_normal, xavier_normal, xavier_uniform, he_normal,
                       he_uniform, lecun_normal, lecun_uniform, orthogonal, torch_default, keras_default,
                       flax_default, variance_scaling, zeros, constant, sparse, eye (aliases glorot_*, kaiming_*)
  --std S --mean M     normal / truncated_normal / sparse parameters
  --low L --high H     uniform bounds (truncated_normal: absolute truncation bounds)
  --gain G             xavier / orthogonal gain
  --a A --mode MODE --nonlinearity NAME   kaiming parameters (mode fan_in|fan_out|fan_avg)
  --scale S --distribution D              variance_scaling (D truncated_normal|untruncated_normal|uniform)
  --value C            constant value      --sparsity P   sparse fraction of zeros per column
  --activation ACT     linear, relu, leaky_relu[:slope], tanh, sigmoid, gelu, gelu_tanh, silu, selu,
                       elu[:alpha], softplus, mish
  --width N --depth L  layer width and number of weight layers
  --batch B            samples (default ${DEFAULT_OPTIONS.batch})
  --seeds S --seed X   network draws and first seed (defaults ${DEFAULT_OPTIONS.seeds}, ${DEFAULT_OPTIONS.seed})
  --rng xoshiro|numpy  numpy reproduces np.random.seed(X + draw) scripts number for number
  --engine auto|dense|matrix-free|mean-field
                       matrix-free: exact for zero-mean normal and orthogonal weights, no weight
                       matrix built, cost ~ batch² × width; auto uses it when that is cheaper
  --bins K             histogram bins (default ${DEFAULT_OPTIONS.bins})
  --workers N          worker threads for the draws (default min(2, cores) = ${defaultPoolSize()}; 0 runs in-process);
                       the numbers are identical either way
  --json               print one JSON object
`;

/** --init and its parameters (shared with `init-lens sweep`). */
export const INIT_OPTIONS = {
  init: { type: 'string' },
  std: { type: 'string' },
  mean: { type: 'string' },
  low: { type: 'string' },
  high: { type: 'string' },
  gain: { type: 'string' },
  a: { type: 'string' },
  mode: { type: 'string' },
  nonlinearity: { type: 'string' },
  scale: { type: 'string' },
  distribution: { type: 'string' },
  value: { type: 'string' },
  sparsity: { type: 'string' },
} as const;

const OPTIONS = {
  ...INIT_OPTIONS,
  activation: { type: 'string' },
  width: { type: 'string' },
  depth: { type: 'string' },
  batch: { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  rng: { type: 'string' },
  engine: { type: 'string' },
  bins: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface SimulateArgs {
  network: NetworkSpec;
  options: SimulationOptions;
  json: boolean;
  /** Worker threads; 0 runs in-process. */
  workers: number;
}

export async function runSimulate(argv: string[], write: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args: joinNegativeNumbers(argv), options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    write(SIMULATE_USAGE);
    return 0;
  }
  const args = parseSimulateArgs(values);
  const result = await simulateWith(args);
  const verdict = diagnose(result);
  write(args.json ? `${JSON.stringify(simulationJson(result, verdict))}\n` : simulationText(result, verdict));
  return 0;
}

/** Several draws are split across worker threads; one draw or mean-field is not worth a thread. */
async function simulateWith(args: SimulateArgs): Promise<SimulationResult> {
  const { network, options, workers } = args;
  if (workers === 0 || options.seeds === 1 || options.engine === 'mean-field') return simulate(network, options);
  const pool = new SimulationPool({ size: Math.min(workers, options.seeds) });
  try {
    return await pool.run({ network, options });
  } finally {
    await pool.dispose();
  }
}

type InitValues = Partial<Record<'init' | 'std' | 'mean' | 'low' | 'high' | 'gain' | 'a' | 'mode' | 'nonlinearity' | 'scale' | 'distribution' | 'value' | 'sparsity', string>>;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function parseSimulateArgs(values: Values): SimulateArgs {
  const init = parseInit(values);
  const activation = parseActivation(required(values.activation, '--activation'));
  const width = integer('--width', required(values.width, '--width'));
  const depth = integer('--depth', required(values.depth, '--depth'));
  const options: SimulationOptions = {
    batch: values.batch === undefined ? DEFAULT_OPTIONS.batch : integer('--batch', values.batch),
    seeds: values.seeds === undefined ? DEFAULT_OPTIONS.seeds : integer('--seeds', values.seeds),
    seed: values.seed === undefined ? DEFAULT_OPTIONS.seed : integer('--seed', values.seed),
    rng: oneOf<RngKind>('--rng', values.rng ?? DEFAULT_OPTIONS.rng, ['xoshiro', 'numpy']),
    engine: oneOf<EngineName>('--engine', values.engine ?? DEFAULT_OPTIONS.engine, ['auto', 'dense', 'matrix-free', 'mean-field']),
    bins: values.bins === undefined ? DEFAULT_OPTIONS.bins : integer('--bins', values.bins),
  };
  requireInteger('--width', width, 1, LIMITS.width);
  requireInteger('--depth', depth, 1, LIMITS.depth);
  const layers = Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation }));
  const workers = values.workers === undefined ? defaultPoolSize() : requireInteger('--workers', integer('--workers', values.workers), 0, MAX_POOL_SIZE);
  return { network: { inputWidth: width, layers }, options, json: values.json ?? false, workers };
}

/** --init and its parameters (shared with `init-lens sweep`). */
export function parseInit(values: InitValues): InitSpec {
  const init: InitSpec = { ...parseInitName(required(values.init, '--init')) };
  const numeric = ['std', 'mean', 'low', 'high', 'gain', 'a', 'scale', 'value', 'sparsity'] as const;
  for (const key of numeric) {
    const text = values[key];
    if (text !== undefined) init[key] = number(`--${key}`, text);
  }
  if (values.mode !== undefined) init.mode = oneOf<FanMode>('--mode', values.mode, ['fan_in', 'fan_out', 'fan_avg']);
  if (values.nonlinearity !== undefined) init.nonlinearity = values.nonlinearity;
  if (values.distribution !== undefined) {
    init.distribution = oneOf<VarianceScalingDistribution>('--distribution', values.distribution, [
      'truncated_normal',
      'untruncated_normal',
      'normal',
      'uniform',
    ]);
  }
  return init;
}

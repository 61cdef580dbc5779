// `init-lens sweep schemes|gain|depth|width`: the same sweeps as the editor's commands, printed
// as tables or one JSON object. Ctrl-C stops the sweep and prints what was computed.

import { parseArgs } from 'node:util';
import { ACTIVATION_NAMES, parseActivation } from '../core/activations';
import { InputError, requireFinite } from '../core/errors';
import { describeInit } from '../core/schemes';
import { LIMITS } from '../core/simulate';
import type { ActivationSpec } from '../core/types';
import { runSweep } from '../sweep/engine';
import { defaultDepths, defaultGains, defaultWidths, logSpaced, SWEEP_ACTIVATIONS, SWEEP_DRAWS, SWEEP_SCHEMES, WIDTH_SWEEP_BATCH } from '../sweep/presets';
import { inProcessRunner, poolRunner } from '../sweep/runner';
import { MONTE_CARLO_POLICIES, type SweepKind, type SweepRequest, type SweepRun } from '../sweep/types';
import { defaultPoolSize, MAX_POOL_SIZE, SimulationPool } from '../worker/pool';
import { integer, joinNegativeNumbers, number, oneOf } from './args';
import { CHECK_DEFAULTS } from './checkCommand';
import { sweepJson } from './report/sweepJson';
import { sweepText } from './report/sweepText';
import { INIT_OPTIONS, parseInit } from './simulateCommand';

const KINDS: readonly SweepKind[] = ['schemes', 'gain', 'depth', 'width'];

export const SWEEP_USAGE = `Usage: init-lens sweep schemes|gain|depth|width [options]

  schemes   every scheme (${SWEEP_SCHEMES.map((s) => s.id).join(', ')})
            against every activation (or --activation LIST) at --depth and --width
  gain      weights N(0, (g/√fan_in)²) for log-spaced g (He is √2) with one --activation;
            marks the critical gain where χ₁ = 1 (mean-field)
  depth     ratios against depth 1…--max-depth (log-spaced) for --init, with the depth scale ξ
  width     seed-to-seed spread of the last layer's std against width at --depth for --init,
            with the log-normal prediction (one input: batch ${WIDTH_SWEEP_BATCH} by default)

  --activation ACT     ${ACTIVATION_NAMES.join(', ')} (default ${CHECK_DEFAULTS.activation};
                       schemes: a comma-separated list, default all)
  --depth L            layers (default ${CHECK_DEFAULTS.depth}; 1 to ${LIMITS.depth})
  --width N            width (default ${CHECK_DEFAULTS.width}; 1 to ${LIMITS.width})
  --init SCHEME [--std S --gain G ...]   depth and width sweeps: the init (default he_normal;
                       parameters as in init-lens simulate)
  --bias-std S         biases N(0, S²) on every layer (default 0: none)
  --gains LIST | --gain-min A --gain-max B --points K   gain grid (default 0.25…4, 25 points)
  --current-gain G     mark this gain as "your line" (gain sweep)
  --max-depth D        depth sweep up to D (default 1000)   --depths LIST   explicit depths
  --max-width N        width sweep up to N (default 2048)   --widths LIST   explicit widths
  --batch B            samples per Monte Carlo run (default ${CHECK_DEFAULTS.batch}; width sweep ${WIDTH_SWEEP_BATCH})
  --draws D            network draws per Monte Carlo point (defaults: schemes ${SWEEP_DRAWS.schemes},
                       gain ${SWEEP_DRAWS.gain}, depth ${SWEEP_DRAWS.depth}, width ${SWEEP_DRAWS.width})
  --seed X             first seed (default 0)
  --monte-carlo auto|always|mean-field   auto (default): Monte Carlo where finite width matters
                       (mean-field does not apply, units can die, or Σ 1/width ≥ 0.05); mean-field:
                       only where mean-field does not apply. Every number says which engine made it.
  --workers N          worker threads (default ${defaultPoolSize()}; 0 runs in-process)
  --json               print one JSON object

Ratios are taken the way the signal travels: forward std(a_L)/std(a_1), backward std(δ_1)/std(δ_L).
Ctrl-C stops a sweep and prints what was computed. Exit codes: 0 done, 2 bad arguments, 130 interrupted.
`;

const OPTIONS = {
  activation: { type: 'string' },
  depth: { type: 'string' },
  width: { type: 'string' },
  ...INIT_OPTIONS,
  'bias-std': { type: 'string' },
  gains: { type: 'string' },
  'gain-min': { type: 'string' },
  'gain-max': { type: 'string' },
  points: { type: 'string' },
  'current-gain': { type: 'string' },
  'max-depth': { type: 'string' },
  depths: { type: 'string' },
  'max-width': { type: 'string' },
  widths: { type: 'string' },
  batch: { type: 'string' },
  draws: { type: 'string' },
  seed: { type: 'string' },
  'monte-carlo': { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export async function runSweepCommand(argv: string[], write: (text: string) => void, progress?: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: joinNegativeNumbers(argv), options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    write(SWEEP_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError('sweep kind', `one of ${KINDS.join(', ')}`, positionals.length === 0 ? undefined : positionals.join(' '));
  const request = parseSweepRequest(oneOf('sweep kind', positionals[0], KINDS), values);
  const workers = values.workers === undefined ? defaultPoolSize() : integer('--workers', values.workers);
  if (workers < 0 || workers > MAX_POOL_SIZE) throw new InputError('--workers', `an integer from 0 to ${MAX_POOL_SIZE}`, workers);
  const pool = workers > 0 ? new SimulationPool({ size: workers }) : null;
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await runSweep(request, pool ? poolRunner(pool) : inProcessRunner(), {
      signal: abort.signal,
      onPartial: (partial) => progress?.(`sweep ${partial.kind}: ${partial.done}/${partial.total}`),
    });
    progress?.(`sweep ${result.kind}: ${result.done}/${result.total} in ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    write(values.json ? `${JSON.stringify(sweepJson(result))}\n` : sweepText(result));
    return result.complete ? 0 : 130;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await pool?.dispose();
  }
}

export function parseSweepRequest(kind: SweepKind, values: Values): SweepRequest {
  const depth = values.depth === undefined ? CHECK_DEFAULTS.depth : integer('--depth', values.depth);
  const width = values.width === undefined ? CHECK_DEFAULTS.width : integer('--width', values.width);
  const biasStd = values['bias-std'] === undefined ? 0 : requireFinite('--bias-std', number('--bias-std', values['bias-std']), 0);
  const run: SweepRun = {
    batch: values.batch === undefined ? (kind === 'width' ? WIDTH_SWEEP_BATCH : CHECK_DEFAULTS.batch) : integer('--batch', values.batch),
    draws: values.draws === undefined ? SWEEP_DRAWS[kind] : integer('--draws', values.draws),
    seed: values.seed === undefined ? 0 : integer('--seed', values.seed),
    monteCarlo: oneOf('--monte-carlo', values['monte-carlo'] ?? 'auto', MONTE_CARLO_POLICIES),
  };
  const activation = (): ActivationSpec => activationOf(values.activation ?? CHECK_DEFAULTS.activation);
  const init = () => parseInit({ ...values, init: values.init ?? 'he_normal' });
  switch (kind) {
    case 'schemes': {
      const activations = values.activation === undefined ? [...SWEEP_ACTIVATIONS] : values.activation.split(',').map((a) => activationOf(a.trim()));
      return { kind, ...run, depth, width, biasStd, schemes: [...SWEEP_SCHEMES], activations };
    }
    case 'gain': {
      const gains = values.gains !== undefined ? list('--gains', values.gains, (t) => number('--gains', t)) : gainGrid(values);
      const currentGain = values['current-gain'] === undefined ? null : number('--current-gain', values['current-gain']);
      return { kind, ...run, depth, width, biasStd, activation: activation(), gains, currentGain };
    }
    case 'depth': {
      const spec = init();
      const depths =
        values.depths !== undefined
          ? list('--depths', values.depths, (t) => integer('--depths', t))
          : defaultDepths(values['max-depth'] === undefined ? undefined : integer('--max-depth', values['max-depth']));
      return { kind, ...run, width, biasStd, activation: activation(), init: spec, initLabel: describeInit(spec), depths };
    }
    case 'width': {
      const spec = init();
      const widths =
        values.widths !== undefined
          ? list('--widths', values.widths, (t) => integer('--widths', t))
          : defaultWidths(values['max-width'] === undefined ? undefined : integer('--max-width', values['max-width']));
      return { kind, ...run, depth, biasStd, activation: activation(), init: spec, initLabel: describeInit(spec), widths };
    }
  }
}

function gainGrid(values: Values): number[] {
  const current = values['current-gain'] === undefined ? null : number('--current-gain', values['current-gain']);
  const defaults = defaultGains(current);
  const low = values['gain-min'] === undefined ? defaults[0] : number('--gain-min', values['gain-min']);
  const high = values['gain-max'] === undefined ? (defaults.at(-1) ?? 4) : number('--gain-max', values['gain-max']);
  const points = values.points === undefined ? defaults.length : integer('--points', values.points);
  if (!(low > 0) || !(high > low)) throw new InputError('--gain-min/--gain-max', 'two gains with 0 < min < max', `${low} and ${high}`);
  if (points < 2 || points > 200) throw new InputError('--points', 'an integer from 2 to 200', points);
  return logSpaced(low, high, points);
}

function list<T>(name: string, text: string, parse: (token: string) => T): T[] {
  const tokens = text.split(',').map((t) => t.trim());
  if (tokens.some((t) => t === '')) throw new InputError(name, 'a comma-separated list of numbers', text);
  return tokens.map(parse);
}

function activationOf(text: string): ActivationSpec {
  try {
    return parseActivation(text);
  } catch (error) {
    throw new Error(`--activation: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// SiteAnalysis values the way the analysis worker builds them: networkForSite, then a
// mean-field outcome and a quick Monte Carlo refinement from real simulate() runs.

import type { Outcome, SiteAnalysis } from '../../../src/analysis/types';
import { simulate } from '../../../src/core/simulate';
import type { InitSpec, SimulationOptions } from '../../../src/core/types';
import { meanFieldInapplicable } from '../../../src/core/theory';
import { diagnose } from '../../../src/diagnose/verdict';
import { networkForSite, type NetworkDefaults } from '../../../src/model/network';
import type { InitSite, SiteContext } from '../../../src/parse/types';

export const DEFAULTS: NetworkDefaults = { depth: 20, width: 512, activation: { name: 'relu' }, batch: 64 };

export const inferred = <T>(value: T) => ({ value, source: 'code' });

export function site(init: InitSpec, context: SiteContext = {}, extra: Partial<InitSite> = {}): InitSite {
  return {
    range: { from: 0, to: 1, start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
    framework: 'numpy',
    init,
    params: init.std !== undefined ? { std: init.std } : {},
    unresolved: [],
    implicit: false,
    context,
    text: 'W',
    ...extra,
  };
}

function outcome(network: NonNullable<SiteAnalysis['network']['network']>, options: SimulationOptions, engine: string): Outcome {
  const result = simulate(network, options);
  return { result, verdict: diagnose(result), engine };
}

/** The analysis of one site, with its mean-field outcome and (unless `quick` is false) the refined Monte Carlo one. */
export function analyse(
  initLabel: string,
  s: InitSite,
  { defaults = DEFAULTS, quick = true, batch = 64 }: { defaults?: NetworkDefaults; quick?: boolean; batch?: number } = {},
): { analysis: SiteAnalysis; refined: Outcome | null } {
  const network = networkForSite(s, defaults);
  let meanField: Outcome | null = null;
  let meanFieldNote: string | null = null;
  const base: SimulationOptions = { batch, seeds: 1, seed: 0, rng: 'xoshiro', engine: 'mean-field', bins: 20 };
  if (network.network) {
    try {
      meanField = outcome(network.network, base, 'mean-field');
    } catch {
      meanFieldNote = meanFieldInapplicable(network.network);
    }
  } else meanFieldNote = network.reason;
  const refined = network.network && quick ? outcome(network.network, { ...base, engine: 'auto' }, `Monte Carlo (batch ${batch}, 1 draw, seed 0)`) : null;
  const verdictFix = (refined ?? meanField)?.verdict.fix ?? null;
  const analysis: SiteAnalysis = {
    key: 'k',
    site: s,
    network,
    initLabel,
    meanField,
    meanFieldNote,
    quickRun: network.network ? { batch, seed: 0 } : null,
    fix: verdictFix ? { title: `Use ${verdictFix.label}`, label: verdictFix.label, edits: [] } : null,
  };
  return { analysis, refined };
}

const square = (depth: number, width: number, activation: 'relu' | 'tanh' | 'sigmoid') => ({
  depth: inferred(depth),
  fanIn: inferred(width),
  fanOut: inferred(width),
  activation: inferred({ name: activation }),
});

/** Representative sites, shared by the title, hover and chart tests. */
export const CASES = {
  heAssumed: () => analyse('He normal', site({ scheme: 'he_normal', nonlinearity: 'relu' })),
  cs231n: () => analyse('N(0, 0.01)', site({ scheme: 'normal', std: 0.01 }, square(10, 500, 'tanh'))),
  tanhStd1: () => analyse('N(0, 1)', site({ scheme: 'normal', std: 1 }, square(10, 500, 'tanh'))),
  sigmoidXavier: () => analyse('Xavier normal', site({ scheme: 'xavier_normal' }, square(20, 256, 'sigmoid'))),
  zeros: () => analyse('zeros', site({ scheme: 'zeros' }, square(5, 64, 'relu'))),
  stack: () =>
    analyse(
      'PyTorch default',
      site(
        { scheme: 'torch_default' },
        {
          stack: inferred([
            { fanIn: 784, fanOut: 512, init: { scheme: 'torch_default' }, activation: { name: 'relu' } },
            { fanIn: 512, fanOut: 256, init: { scheme: 'torch_default' }, activation: { name: 'relu' } },
            { fanIn: 256, fanOut: 10, init: { scheme: 'torch_default' }, activation: { name: 'linear' } },
          ]),
          stackIndex: 0,
        },
        { framework: 'torch' },
      ),
    ),
  /** A stack whose biases are all −0.5: ReLU units die layer after layer. */
  dead: () =>
    analyse(
      'He normal',
      site(
        { scheme: 'he_normal', nonlinearity: 'relu' },
        {
          stack: inferred(
            Array.from({ length: 10 }, () => ({
              fanIn: 256,
              fanOut: 256,
              init: { scheme: 'he_normal' as const, nonlinearity: 'relu' },
              activation: { name: 'relu' as const },
              bias: { scheme: 'constant' as const, value: -0.5 },
            })),
          ),
          stackIndex: 0,
        },
        { framework: 'torch' },
      ),
    ),
  overflow: () => analyse('N(0, 1)', site({ scheme: 'normal', std: 1 }, square(400, 256, 'relu'))),
  unresolved: () => analyse('N(0, s²)', site({ scheme: 'normal' }, square(10, 500, 'tanh'), { unresolved: ['s'], text: 'np.random.randn(n, n) * s' })),
};

// Small hand-made sweep results for the sweep view's pure functions, typed by the contract.

import type { SchemeCell, SchemesSweepResult, SweepScheme } from '../../../src/sweep/types';
import type { ActivationSpec } from '../../../src/core/types';

export const SCHEMES: SweepScheme[] = [
  { id: 'he_normal', label: 'He normal', init: { scheme: 'he_normal' } },
  { id: 'normal_0.01', label: 'N(0, 0.01²)', init: { scheme: 'normal', std: 0.01 } },
  { id: 'zeros', label: 'zeros', init: { scheme: 'zeros' } },
];

export const ACTIVATIONS: ActivationSpec[] = [{ name: 'relu' }, { name: 'tanh' }, { name: 'leaky_relu', param: 0.2 }];

export function cell(scheme: SweepScheme, activation: ActivationSpec, label: string, over: Partial<SchemeCell> = {}): SchemeCell {
  return {
    scheme: scheme.id,
    schemeLabel: scheme.label,
    activation: label,
    activationSpec: activation,
    init: scheme.init,
    forwardRatio: 1,
    backwardRatio: 1,
    verdict: { forward: 'healthy', backward: 'healthy' },
    engine: 'mean-field',
    meanField: { forwardRatio: 1, backwardRatio: 1, chi1: 1 },
    summary: 'Healthy, "as expected", in both directions',
    ...over,
  };
}

/** 3 schemes × 3 activations with 5 cells computed (a running sweep). */
export function partialSchemes(): SchemesSweepResult {
  const [he, small, zeros] = SCHEMES;
  const [relu, tanh, leaky] = ACTIVATIONS;
  return {
    kind: 'schemes',
    complete: false,
    done: 5,
    total: 9,
    engineNote: 'mean-field for every cell; matrix-free Monte Carlo (1 draw) where units can die',
    elapsedMs: 1234,
    request: { kind: 'schemes', depth: 50, width: 512, biasStd: 0, schemes: SCHEMES, activations: ACTIVATIONS, batch: 64, draws: 4, seed: 0, monteCarlo: 'auto' },
    cells: [
      cell(he, relu, 'relu', { forwardRatio: 0.98, backwardRatio: 1.03, engine: 'matrix-free' }),
      cell(small, relu, 'relu', { forwardRatio: 1.2e-50, backwardRatio: 3e-49, verdict: { forward: 'vanishing', backward: 'vanishing' } }),
      cell(zeros, tanh, 'tanh', { forwardRatio: null, backwardRatio: null, verdict: { forward: 'symmetric', backward: 'symmetric' }, meanField: null, engine: 'dense' }),
      cell(he, leaky, 'leaky_relu(0.2)', { forwardRatio: 2.5e3, backwardRatio: 7, verdict: { forward: 'exploding', backward: 'drifting' } }),
      cell(small, tanh, 'tanh', { forwardRatio: 0.2, backwardRatio: null, verdict: { forward: 'drifting', backward: 'exploding' } }),
    ],
  };
}

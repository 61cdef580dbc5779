// A sweep request is checked whole before anything runs: every range named with its limits, and
// every network the sweep will simulate planned (so "batch × width too large" comes first, not midway).

import { getActivation } from '../core/activations';
import { InputError, requireFinite, requireInteger } from '../core/errors';
import { resolveInit } from '../core/schemes';
import { LIMITS, planSimulation } from '../core/simulate';
import { meanFieldInapplicable } from '../core/theory';
import { monteCarloOptions, needsMonteCarlo } from './monteCarlo';
import { gainInit, squareNetwork } from './networks';
import { MONTE_CARLO_POLICIES, type SweepRequest } from './types';

/** Points or cells per sweep: enough for any chart, few enough to stay interactive. */
export const MAX_SWEEP_POINTS = 200;
export const MAX_GAIN = 1e3;

export function validateSweepRequest(request: SweepRequest): void {
  requireInteger('batch', request.batch, 1, LIMITS.batch);
  requireInteger('draws', request.draws, request.kind === 'width' ? 2 : 1, LIMITS.seeds);
  requireInteger('seed', request.seed, 0, Number.MAX_SAFE_INTEGER);
  if (!MONTE_CARLO_POLICIES.includes(request.monteCarlo)) throw new InputError('monte carlo policy', `one of ${MONTE_CARLO_POLICIES.join(', ')}`, request.monteCarlo);
  requireFinite('bias std σ_b', request.biasStd, 0, 1e6);
  switch (request.kind) {
    case 'schemes': {
      requireInteger('depth', request.depth, 1, LIMITS.depth);
      requireInteger('width', request.width, 1, LIMITS.width);
      list('schemes', request.schemes.length, MAX_SWEEP_POINTS);
      list('activations', request.activations.length, MAX_SWEEP_POINTS);
      if (request.schemes.length * request.activations.length > MAX_SWEEP_POINTS * 4) {
        throw new InputError('schemes × activations', `at most ${MAX_SWEEP_POINTS * 4} cells`, request.schemes.length * request.activations.length);
      }
      for (const s of request.schemes) resolveInit(s.init, request.width, request.width);
      for (const a of request.activations) getActivation(a);
      for (const s of request.schemes) {
        for (const a of request.activations) plan(squareNetwork(s.init, a, request.depth, request.width, request.biasStd), request);
      }
      return;
    }
    case 'gain': {
      requireInteger('depth', request.depth, 1, LIMITS.depth);
      requireInteger('width', request.width, 1, LIMITS.width);
      ascending('gains', request.gains, (g, i) => requireFinite(`gains[${i}]`, g, Number.MIN_VALUE, MAX_GAIN));
      if (request.currentGain !== null) requireFinite('current gain', request.currentGain, 0);
      for (const g of request.gains) plan(squareNetwork(gainInit(g, request.width), request.activation, request.depth, request.width, request.biasStd), request);
      return;
    }
    case 'depth': {
      requireInteger('width', request.width, 1, LIMITS.width);
      ascending('depths', request.depths, (d, i) => requireInteger(`depths[${i}]`, d, 1, LIMITS.depth));
      for (const d of request.depths) plan(squareNetwork(request.init, request.activation, d, request.width, request.biasStd), request);
      return;
    }
    case 'width': {
      requireInteger('depth', request.depth, 1, LIMITS.depth);
      ascending('widths', request.widths, (w, i) => requireInteger(`widths[${i}]`, w, 1, LIMITS.width));
      for (const w of request.widths) {
        const network = squareNetwork(request.init, request.activation, request.depth, w, request.biasStd);
        planSimulation(network, monteCarloOptions(request));
      }
      return;
    }
  }
}

function plan(network: ReturnType<typeof squareNetwork>, request: SweepRequest): void {
  // Mean-field runs wherever it applies; Monte Carlo where the policy says — both must be possible.
  if (meanFieldInapplicable(network) === null) planSimulation(network, { ...monteCarloOptions(request), engine: 'mean-field', seeds: 1 });
  if (needsMonteCarlo(network, request.monteCarlo)) planSimulation(network, monteCarloOptions(request));
}

function list(name: string, length: number, max: number): void {
  if (length < 1 || length > max) throw new InputError(name, `a list of 1 to ${max} entries`, `${length} entries`);
}

function ascending(name: string, values: readonly number[], check: (v: number, i: number) => void): void {
  list(name, values.length, MAX_SWEEP_POINTS);
  values.forEach((v, i) => {
    check(v, i);
    if (i > 0 && !(v > values[i - 1])) throw new InputError(`${name}[${i}]`, `greater than ${name}[${i - 1}] = ${values[i - 1]} (ascending, no repeats)`, v);
  });
}

// The schemes × activations heatmap: every cell is exactly the single simulation of that scheme and
// activation (same seeds, same engine), and Monte Carlo runs exactly where the policy says it must.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getActivation } from '../../../src/core/activations';
import { simulate } from '../../../src/core/simulate';
import type { ActivationSpec, NetworkSpec, SimulationOptions } from '../../../src/core/types';
import { DEFAULT_THRESHOLDS, diagnose } from '../../../src/diagnose/verdict';
import { runSweep } from '../../../src/sweep/engine';
import { inProcessRunner } from '../../../src/sweep/runner';
import type { MonteCarloPolicy, SchemeCell, SchemesSweepRequest, SchemesSweepResult, SweepScheme } from '../../../src/sweep/types';

const SCHEMES: SweepScheme[] = [
  { id: 'zeros', label: 'zeros', init: { scheme: 'zeros' } },
  { id: 'he_normal', label: 'He normal', init: { scheme: 'he_normal' } },
  { id: 'xavier_uniform', label: 'Xavier uniform', init: { scheme: 'xavier_uniform' } },
  { id: 'orthogonal', label: 'orthogonal', init: { scheme: 'orthogonal' } },
  { id: 'normal_0.01', label: 'N(0, 0.01²)', init: { scheme: 'normal', std: 0.01 } },
];
const ACTIVATIONS: ActivationSpec[] = [{ name: 'relu' }, { name: 'tanh' }, { name: 'linear' }, { name: 'selu' }];

function request(width: number, monteCarlo: MonteCarloPolicy): SchemesSweepRequest {
  return { kind: 'schemes', depth: 6, width, biasStd: 0, schemes: SCHEMES, activations: ACTIVATIONS, batch: 8, draws: 2, seed: 3, monteCarlo };
}

/** The network of one cell, built here rather than with the sweep's own helper. */
function network(r: SchemesSweepRequest, scheme: SweepScheme, activation: ActivationSpec): NetworkSpec {
  return { inputWidth: r.width, layers: Array.from({ length: r.depth }, () => ({ fanIn: r.width, fanOut: r.width, init: scheme.init, activation })) };
}

/** What a single simulation of the cell uses: mean-field, or Monte Carlo with the sweep's draws and seed. */
function options(r: SchemesSweepRequest, monteCarlo: boolean): SimulationOptions {
  return monteCarlo
    ? { batch: r.batch, seeds: r.draws, seed: r.seed, rng: 'xoshiro', engine: 'auto', bins: 10 }
    : { batch: r.batch, seeds: 1, seed: r.seed, rng: 'xoshiro', engine: 'mean-field', bins: 10 };
}

/**
 * Whether a cell must run Monte Carlo, from the policy's definition: zeros is deterministic (mean-field does not
 * apply); under 'auto' also relu (units can die) and any cell of a network with Σ 1/width = depth/width ≥ 0.05.
 */
function expectMonteCarlo(r: SchemesSweepRequest, scheme: SweepScheme, activation: ActivationSpec): boolean {
  const zeros = scheme.id === 'zeros';
  if (r.monteCarlo === 'always') return true;
  if (r.monteCarlo === 'mean-field') return zeros;
  return zeros || activation.name === 'relu' || r.depth / r.width >= 0.05;
}

function cellOf(result: SchemesSweepResult, scheme: SweepScheme, activation: ActivationSpec): SchemeCell {
  const label = getActivation(activation).label;
  const found = result.cells.filter((c) => c.scheme === scheme.id && c.activation === label);
  assert.equal(found.length, 1, `one cell for ${scheme.id} × ${label}`);
  return found[0];
}

async function checkAgainstSingleSimulations(r: SchemesSweepRequest): Promise<SchemesSweepResult> {
  const result = (await runSweep(r, inProcessRunner())) as SchemesSweepResult;
  assert.equal(result.kind, 'schemes');
  assert.equal(result.complete, true);
  assert.equal(result.cells.length, SCHEMES.length * ACTIVATIONS.length);
  // Grid order: scheme-major, activations in request order.
  assert.deepEqual(
    result.cells.map((c) => `${c.scheme}|${c.activation}`),
    SCHEMES.flatMap((s) => ACTIVATIONS.map((a) => `${s.id}|${getActivation(a).label}`)),
  );
  let monteCarloRuns = 0;
  let meanFieldRuns = 0;
  for (const scheme of SCHEMES) {
    for (const activation of ACTIVATIONS) {
      const where = `${r.monteCarlo}, width ${r.width}: ${scheme.id} × ${activation.name}`;
      const cell = cellOf(result, scheme, activation);
      const net = network(r, scheme, activation);
      const monteCarlo = expectMonteCarlo(r, scheme, activation);
      const single = simulate(net, options(r, monteCarlo));
      const verdict = diagnose(single, DEFAULT_THRESHOLDS, { fix: false });
      assert.equal(cell.engine, single.engine, `${where}: engine`);
      assert.equal(cell.engine === 'mean-field', !monteCarlo, `${where}: Monte Carlo ran exactly where the policy says`);
      assert.equal(cell.forwardRatio, verdict.forwardRatio, `${where}: forward ratio`);
      assert.equal(cell.backwardRatio, verdict.backwardRatio, `${where}: backward ratio`);
      assert.deepEqual(cell.verdict, { forward: verdict.forward, backward: verdict.backward }, `${where}: verdicts`);
      assert.equal(cell.summary, verdict.summary, `${where}: summary`);
      assert.deepEqual(cell.init, scheme.init);
      assert.deepEqual(cell.activationSpec, activation);
      assert.equal(cell.schemeLabel, scheme.label);
      for (const ratio of [cell.forwardRatio, cell.backwardRatio]) assert.ok(ratio === null || Number.isFinite(ratio), `${where}: ratio ${ratio}`);

      if (scheme.id === 'zeros') {
        // Every unit computes the same thing: symmetric both ways, and mean-field has nothing to say.
        assert.deepEqual(cell.verdict, { forward: 'symmetric', backward: 'symmetric' }, where);
        assert.equal(cell.meanField, null, `${where}: no mean-field for zeros`);
        assert.equal(cell.engine, 'dense', `${where}: a constant init only runs dense`);
      } else {
        const theory = simulate(net, options(r, false));
        const theoryVerdict = diagnose(theory, DEFAULT_THRESHOLDS, { fix: false });
        assert.deepEqual(
          cell.meanField,
          { forwardRatio: theoryVerdict.forwardRatio, backwardRatio: theoryVerdict.backwardRatio, chi1: theory.meanField?.chi1 },
          `${where}: the mean-field numbers kept beside Monte Carlo`,
        );
        meanFieldRuns++;
      }
      // Uniform weights are not Gaussian/orthogonal: matrix-free is not exact for them.
      if (monteCarlo && scheme.id === 'xavier_uniform') assert.equal(cell.engine, 'dense', where);
      if (monteCarlo) monteCarloRuns++;
    }
  }
  // Mean-field runs for every cell it applies to, Monte Carlo on top where needed.
  assert.equal(result.total, meanFieldRuns + monteCarloRuns);
  assert.equal(result.done, result.total);
  return result;
}

test("width 32 (Σ 1/width = 6/32 ≥ 0.05): 'auto' runs Monte Carlo for every cell, like 'always', and each cell equals its single simulation", async () => {
  const auto = await checkAgainstSingleSimulations(request(32, 'auto'));
  const always = await checkAgainstSingleSimulations(request(32, 'always'));
  assert.ok(auto.cells.every((c) => c.engine !== 'mean-field'));
  // Same seeds, same engines: the two policies agree cell for cell.
  assert.deepEqual(auto.cells, always.cells);
  assert.match(auto.engineNote, /Σ 1\/width = 0\.19 ≥ 0\.05: single networks stray from the infinite-width line \(12 cells\)/);
  assert.match(auto.engineNote, /units can die, which only finite width shows \(4 cells\)/);
  assert.match(auto.engineNote, /mean-field does not apply \(layer 1 has a deterministic constant init[^)]*\) \(4 cells\)/);
  assert.match(always.engineNote, /Monte Carlo was asked for every cell \(20 cells\)/);
});

test("width 128 (Σ 1/width = 6/128 < 0.05): 'auto' runs Monte Carlo only for zeros and relu, 'mean-field' only for zeros", async () => {
  const auto = await checkAgainstSingleSimulations(request(128, 'auto'));
  const meanField = await checkAgainstSingleSimulations(request(128, 'mean-field'));
  const monteCarloCells = (r: SchemesSweepResult) => r.cells.filter((c) => c.engine !== 'mean-field').map((c) => `${c.scheme}|${c.activation}`);
  assert.deepEqual(monteCarloCells(auto), [
    'zeros|relu',
    'zeros|tanh',
    'zeros|linear',
    'zeros|selu',
    'he_normal|relu',
    'xavier_uniform|relu',
    'orthogonal|relu',
    'normal_0.01|relu',
  ]);
  assert.deepEqual(monteCarloCells(meanField), ['zeros|relu', 'zeros|tanh', 'zeros|linear', 'zeros|selu']);
  assert.equal(auto.total, 16 + 8);
  assert.equal(meanField.total, 16 + 4);
  assert.doesNotMatch(auto.engineNote, /Σ 1\/width/);
  // Where both ran mean-field, the cells are the same.
  const tanhHe = (r: SchemesSweepResult) => r.cells.find((c) => c.scheme === 'he_normal' && c.activation === 'tanh');
  assert.deepEqual(tanhHe(auto), tanhHe(meanField));
});

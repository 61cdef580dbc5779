import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSort, sortCells } from '../../../webview/sweep/sorting';
import { partialSchemes } from './fixtures';

const cells = partialSchemes().cells;
const names = (list: typeof cells) => list.map((c) => `${c.schemeLabel}/${c.activation}`);

test('forward ratio ascending and descending; missing ratios last either way', () => {
  const up = sortCells(cells, { key: 'forward', direction: 'ascending' });
  assert.deepEqual(
    up.map((c) => c.forwardRatio),
    [1.2e-50, 0.2, 0.98, 2.5e3, null],
  );
  const down = sortCells(cells, { key: 'forward', direction: 'descending' });
  assert.deepEqual(
    down.map((c) => c.forwardRatio),
    [2.5e3, 0.98, 0.2, 1.2e-50, null],
  );
  const backward = sortCells(cells, { key: 'backward', direction: 'descending' });
  assert.deepEqual(backward.slice(-2).map((c) => c.backwardRatio), [null, null], 'both missing backward ratios at the end');
});

test('text columns sort by label; ties keep the grid order; the input is not changed', () => {
  const before = names(cells);
  const byScheme = sortCells(cells, { key: 'scheme', direction: 'ascending' });
  assert.deepEqual(names(byScheme), ['He normal/relu', 'He normal/leaky_relu(0.2)', 'N(0, 0.01²)/relu', 'N(0, 0.01²)/tanh', 'zeros/tanh']);
  assert.deepEqual(names(cells), before);
  const byActivation = sortCells(cells, { key: 'activation', direction: 'descending' });
  assert.deepEqual(byActivation.map((c) => c.activation), ['tanh', 'tanh', 'relu', 'relu', 'leaky_relu(0.2)']);
  assert.deepEqual(names(byActivation).slice(0, 2), ['zeros/tanh', 'N(0, 0.01²)/tanh'], 'ties in grid order');
});

test('verdicts sort by the worse direction: healthy first, symmetric last', () => {
  const sorted = sortCells(cells, { key: 'verdict', direction: 'ascending' });
  assert.deepEqual(
    sorted.map((c) => `${c.verdict.forward}/${c.verdict.backward}`),
    ['healthy/healthy', 'vanishing/vanishing', 'exploding/drifting', 'drifting/exploding', 'symmetric/symmetric'],
  );
});

test('engine column', () => {
  assert.deepEqual(
    sortCells(cells, { key: 'engine', direction: 'ascending' }).map((c) => c.engine),
    ['dense', 'matrix-free', 'mean-field', 'mean-field', 'mean-field'],
  );
});

test('nextSort: a new column starts ascending, the same column flips', () => {
  assert.deepEqual(nextSort(null, 'forward'), { key: 'forward', direction: 'ascending' });
  assert.deepEqual(nextSort({ key: 'forward', direction: 'ascending' }, 'forward'), { key: 'forward', direction: 'descending' });
  assert.deepEqual(nextSort({ key: 'forward', direction: 'descending' }, 'forward'), { key: 'forward', direction: 'ascending' });
  assert.deepEqual(nextSort({ key: 'forward', direction: 'descending' }, 'scheme'), { key: 'scheme', direction: 'ascending' });
});

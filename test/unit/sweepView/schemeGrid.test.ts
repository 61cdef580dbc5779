import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationKey, cellAt, cellMark, cellRect, compactRatio, moveCell, schemeGrid } from '../../../webview/sweep/schemeGrid';
import { cell, partialSchemes, SCHEMES } from './fixtures';

test('schemeGrid: request order, every combination, pending cells null, engine labels for rows', () => {
  const grid = schemeGrid(partialSchemes());
  assert.deepEqual(grid.columns.map((c) => c.label), ['He normal', 'N(0, 0.01²)', 'zeros']);
  assert.deepEqual(grid.rows.map((r) => r.label), ['relu', 'tanh', 'leaky_relu(0.2)']);
  assert.equal(grid.cells.length, 9);
  assert.equal(grid.computed, 5);
  const at = (col: number, row: number) => grid.cells[row * 3 + col];
  assert.equal(at(0, 0).cell?.forwardRatio, 0.98);
  assert.equal(at(2, 1).cell?.verdict.forward, 'symmetric');
  assert.equal(at(1, 2).cell, null, 'N(0, 0.01²) × leaky_relu not computed yet');
  assert.equal(at(0, 2).cell?.activation, 'leaky_relu(0.2)');
});

test('schemeGrid: activations match by spec (name and parameter), duplicate labels made unique', () => {
  const result = partialSchemes();
  result.request.schemes = [...SCHEMES, { id: 'he_again', label: 'He normal', init: { scheme: 'he_normal' } }];
  result.cells.push(cell(result.request.schemes[3], { name: 'leaky_relu', param: 0.2 }, 'leaky_relu(0.2)'));
  const grid = schemeGrid(result);
  assert.deepEqual(grid.columns.map((c) => c.label), ['He normal', 'N(0, 0.01²)', 'zeros', 'He normal (2)']);
  assert.equal(grid.cells[2 * 4 + 3].cell?.scheme, 'he_again');
  assert.equal(activationKey({ name: 'leaky_relu', param: 0.2 }), 'leaky_relu:0.2');
  assert.equal(activationKey({ name: 'relu' }), 'relu');
});

test('cellRect and cellAt: row 0 at the top, gaps inside the cell, every pixel maps back to its cell', () => {
  const area = { left: 100, top: 10, right: 400, bottom: 130 };
  assert.deepEqual(cellRect(area, 3, 4, 0, 0, 1), { x: 101, y: 11, width: 98, height: 28 });
  assert.deepEqual(cellRect(area, 3, 4, 2, 3, 0), { x: 300, y: 100, width: 100, height: 30 });
  for (let col = 0; col < 3; col++) {
    for (let row = 0; row < 4; row++) {
      const r = cellRect(area, 3, 4, col, row, 1);
      assert.deepEqual(cellAt(area, 3, 4, r.x + r.width / 2, r.y + r.height / 2), { col, row });
      assert.deepEqual(cellAt(area, 3, 4, r.x, r.y), { col, row });
    }
  }
  assert.equal(cellAt(area, 3, 4, 99, 50), null);
  assert.equal(cellAt(area, 3, 4, 400, 50), null, 'the right edge is outside');
  assert.equal(cellAt(area, 3, 4, 200, 130), null);
  // Tiny cells: the gap never eats the cell.
  const tiny = cellRect(area, 300, 120, 5, 5, 2);
  assert.ok(tiny.width > 0 && tiny.height > 0);
});

test('moveCell: arrows within the grid, Home/End along the row, other keys ignored', () => {
  assert.deepEqual(moveCell({ col: 0, row: 0 }, 'ArrowLeft', 3, 4), { col: 0, row: 0 });
  assert.deepEqual(moveCell({ col: 0, row: 0 }, 'ArrowRight', 3, 4), { col: 1, row: 0 });
  assert.deepEqual(moveCell({ col: 1, row: 3 }, 'ArrowDown', 3, 4), { col: 1, row: 3 });
  assert.deepEqual(moveCell({ col: 1, row: 3 }, 'ArrowUp', 3, 4), { col: 1, row: 2 });
  assert.deepEqual(moveCell({ col: 1, row: 2 }, 'End', 3, 4), { col: 2, row: 2 });
  assert.deepEqual(moveCell({ col: 1, row: 2 }, 'Home', 3, 4), { col: 0, row: 2 });
  assert.equal(moveCell({ col: 1, row: 2 }, 'a', 3, 4), null);
});

test('cellMark: symmetric, dead and saturating always; the verdict letter where no ratio is formed', () => {
  assert.equal(cellMark('healthy', 1), '');
  assert.equal(cellMark('vanishing', 1e-9), '');
  assert.equal(cellMark('symmetric', 1), '=');
  assert.equal(cellMark('dead', 0.3), 'D');
  assert.equal(cellMark('saturating', 0.9), 'S');
  assert.equal(cellMark('exploding', null), 'E');
  assert.equal(cellMark('symmetric', null), '=');
});

test('compactRatio: short enough for a cell', () => {
  assert.equal(compactRatio(0.983), '0.98');
  assert.equal(compactRatio(12.4), '12');
  assert.equal(compactRatio(1.2e-5), '1e−5');
  assert.equal(compactRatio(3.4e12), '3e12');
  assert.equal(compactRatio(9.7e4), '1e5', '9.7e4 carries into the exponent');
  assert.equal(compactRatio(0), '0');
  assert.equal(compactRatio(Infinity), '∞');
  assert.equal(compactRatio(null), '');
});

// Sorting the schemes table. Missing ratios sort last in either direction (they are not small or
// large, they are absent), verdicts sort by severity, and ties keep the grid's order. Pure.

import type { DirectionVerdict } from '../../src/diagnose/verdict';
import type { SchemeCell } from '../../src/sweep/types';

export type SortKey = 'scheme' | 'activation' | 'forward' | 'backward' | 'verdict' | 'engine';
export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** Healthy first, then how badly training is hurt. */
export const VERDICT_ORDER: readonly DirectionVerdict[] = ['healthy', 'drifting', 'saturating', 'dead', 'vanishing', 'exploding', 'symmetric'];

function verdictRank(cell: SchemeCell): number {
  // The worse direction decides, the other breaks ties.
  const f = VERDICT_ORDER.indexOf(cell.verdict.forward);
  const b = VERDICT_ORDER.indexOf(cell.verdict.backward);
  return Math.max(f, b) * VERDICT_ORDER.length + Math.min(f, b);
}

type Value = string | number | null;

function valueOf(cell: SchemeCell, key: SortKey): Value {
  switch (key) {
    case 'scheme':
      return cell.schemeLabel;
    case 'activation':
      return cell.activation;
    case 'forward':
      return cell.forwardRatio === null || Number.isNaN(cell.forwardRatio) ? null : cell.forwardRatio;
    case 'backward':
      return cell.backwardRatio === null || Number.isNaN(cell.backwardRatio) ? null : cell.backwardRatio;
    case 'verdict':
      return verdictRank(cell);
    case 'engine':
      return cell.engine;
  }
}

function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** A sorted copy; `cells` in grid order, which breaks ties. */
export function sortCells(cells: readonly SchemeCell[], sort: SortState): SchemeCell[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return cells
    .map((cell, index) => ({ cell, index, value: valueOf(cell, sort.key) }))
    .sort((x, y) => {
      if (x.value === null || y.value === null) {
        if (x.value === null && y.value === null) return x.index - y.index;
        return x.value === null ? 1 : -1;
      }
      return sign * compareValues(x.value, y.value) || x.index - y.index;
    })
    .map((entry) => entry.cell);
}

/** Clicking the sorted column flips it; another column starts ascending. */
export function nextSort(current: SortState | null, key: SortKey): SortState {
  if (current && current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}

// The sweep as CSV: one row per cell or point with every number the result holds and the engine
// behind it, so a spreadsheet never has to guess which engine produced what. Numbers are written
// as JavaScript prints them (they read back exactly); missing values are empty. Pure.

import type { Band } from '../../src/core/types';
import type { MonteCarloRatios, SweepResult } from '../../src/sweep/types';

type Field = string | number | null | undefined;

/** RFC 4180: quoted only when needed, quotes doubled. */
export function csvField(value: Field): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function table(header: string[], rows: Field[][]): string {
  return `${[header.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n')}\n`;
}

function band(b: Band | null | undefined): Field[] {
  return [b?.p5, b?.p50, b?.p95];
}

function bandHeader(prefix: string): string[] {
  return [`${prefix}_p5`, `${prefix}_p50`, `${prefix}_p95`];
}

const MONTE_CARLO_HEADER = ['mc_engine', 'mc_draws', ...bandHeader('mc_forward_ratio'), ...bandHeader('mc_backward_ratio')];

function monteCarlo(mc: MonteCarloRatios | null): Field[] {
  return [mc?.engine, mc?.draws, ...band(mc?.forwardRatio), ...band(mc?.backwardRatio)];
}

export function sweepCsv(result: SweepResult): string {
  switch (result.kind) {
    case 'schemes':
      return table(
        [
          'scheme',
          'scheme_label',
          'activation',
          'engine',
          'forward_ratio',
          'backward_ratio',
          'forward_verdict',
          'backward_verdict',
          'mean_field_forward_ratio',
          'mean_field_backward_ratio',
          'mean_field_chi1',
          'summary',
        ],
        result.cells.map((c) => [
          c.scheme,
          c.schemeLabel,
          c.activation,
          c.engine,
          c.forwardRatio,
          c.backwardRatio,
          c.verdict.forward,
          c.verdict.backward,
          c.meanField?.forwardRatio,
          c.meanField?.backwardRatio,
          c.meanField?.chi1,
          c.summary,
        ]),
      );
    case 'gain':
      return table(
        ['gain', 'engine', 'forward_ratio', 'backward_ratio', 'chi1', 'last_std', ...MONTE_CARLO_HEADER],
        result.points.map((p) => [p.gain, p.engine, p.forwardRatio, p.backwardRatio, p.chi1, p.lastStd, ...monteCarlo(p.monteCarlo)]),
      );
    case 'depth':
      return table(
        ['depth', 'engine', 'forward_ratio', 'backward_ratio', ...MONTE_CARLO_HEADER],
        result.points.map((p) => [p.depth, p.engine, p.forwardRatio, p.backwardRatio, ...monteCarlo(p.monteCarlo)]),
      );
    case 'width':
      return table(
        ['width', 'engine', 'draws', ...bandHeader('last_std'), 'log_std_spread', 'predicted_log_std_spread', 'sum_inverse_width', 'mean_field_std'],
        result.points.map((p) => [p.width, p.engine, p.draws, ...band(p.std), p.logStdSpread, p.predictedLogStdSpread, p.sumInverseWidth, p.meanFieldStd]),
      );
  }
}

/** Parses what sweepCsv writes (quoted fields included); for tests and anyone reading it back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

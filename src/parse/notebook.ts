// Jupyter notebooks (nbformat 4): code cells run top to bottom sharing one namespace, so they
// are read as one Python text (names carry from earlier cells) and every site is mapped back to
// its cell and the line within it. IPython syntax (magics, shell escapes, help) is blanked
// in place, keeping every line and column where it was.

import { findInitSites } from './sites';
import type { InitSite, ParseError, SourceRange } from './types';

export type CellKind = 'code' | 'markdown' | 'raw';

export interface NotebookCell {
  kind: CellKind;
  source: string;
}

export interface NotebookRead {
  /** Every cell, in order; the index is the cell number editors use (0-based). */
  cells: NotebookCell[];
  /** Problems with the file or single cells; cells that could be read are still returned. */
  errors: ParseError[];
}

/** A code cell's place in the combined Python text. */
export interface CellSpan {
  cell: number;
  startLine: number;
  startOffset: number;
  /** Offset (within the cell) where its last line's content ends. */
  contentEnd: number;
  lineCount: number;
  lastLineLength: number;
}

export interface CombinedCells {
  text: string;
  spans: CellSpan[];
}

export interface NotebookSites {
  sites: InitSite[];
  errors: ParseError[];
  cells: NotebookCell[];
}

/** Reads nbformat 4 JSON. Never throws: a malformed file gives one error naming it. */
export function readNotebook(json: string, file?: string): NotebookRead {
  const name = file ?? 'notebook';
  const fail = (problem: string): NotebookRead => ({ cells: [], errors: [{ ...(file !== undefined ? { file } : {}), message: `${name}: ${problem}` }] });
  let data: unknown;
  try {
    data = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch (error) {
    return fail(`not valid JSON${jsonProblem(error, json)}`);
  }
  if (!isRecord(data)) return fail('not a Jupyter notebook: the top level is not a JSON object');
  const format = data.nbformat;
  if (typeof format === 'number' && format < 4) return fail(`nbformat ${format} is not supported (expected nbformat 4; re-save it with Jupyter)`);
  if (!Array.isArray(data.cells)) return fail('not a Jupyter notebook: no "cells" list');
  const language = notebookLanguage(data.metadata);
  if (language !== null && language !== 'python') return fail(`not a Python notebook (kernel language "${language}"); skipped`);

  const cells: NotebookCell[] = [];
  const errors: ParseError[] = [];
  data.cells.forEach((raw: unknown, index: number) => {
    const cellError = (problem: string) => errors.push({ ...(file !== undefined ? { file } : {}), cell: index, message: `${name}: cell ${index + 1}: ${problem}` });
    if (!isRecord(raw)) {
      cellError('not a JSON object; skipped');
      cells.push({ kind: 'raw', source: '' });
      return;
    }
    const kind: CellKind = raw.cell_type === 'code' ? 'code' : raw.cell_type === 'markdown' ? 'markdown' : 'raw';
    const source = cellSource(raw.source);
    if (source === null) {
      if (kind === 'code') cellError('"source" must be a string or a list of strings; cell skipped');
      cells.push({ kind, source: '' });
      return;
    }
    cells.push({ kind, source });
  });
  return { cells, errors };
}

/**
 * Joins the code cells into one Python text. Cells are separated by a blank line so that a
 * comment at the end of one cell never reads as an override for the first line of the next.
 * Plain strings are taken as code cells.
 */
export function combineCells(cells: readonly (string | NotebookCell)[]): CombinedCells {
  const parts: string[] = [];
  const spans: CellSpan[] = [];
  let line = 0;
  let offset = 0;
  cells.forEach((entry, cell) => {
    const c = typeof entry === 'string' ? { kind: 'code' as const, source: entry } : entry;
    if (c.kind !== 'code') return;
    const text = blankIPython(c.source);
    const lineCount = countLines(text);
    const contentEnd = text.endsWith('\n') ? text.length - 1 : text.length;
    const lastLineLength = contentEnd - (text.lastIndexOf('\n', contentEnd - 1) + 1);
    spans.push({ cell, startLine: line, startOffset: offset, contentEnd, lineCount, lastLineLength });
    const separator = text.endsWith('\n') ? '\n' : '\n\n';
    parts.push(text, separator);
    line += lineCount + 1;
    offset += text.length + separator.length;
  });
  return { text: parts.join(''), spans };
}

/** The cell and cell-relative 0-based line of a line of the combined text; null on a separator. */
export function cellOfLine(combined: CombinedCells, line: number): { cell: number; line: number } | null {
  const span = spanOfLine(combined.spans, line);
  if (!span || line - span.startLine >= span.lineCount) return null;
  return { cell: span.cell, line: line - span.startLine };
}

/** Init sites of notebook cells given as texts (the editor's cells), each mapped to its cell. */
export function findInitSitesInCells(cells: readonly (string | NotebookCell)[], options: { file?: string } = {}): InitSite[] {
  const combined = combineCells(cells);
  return mapSitesToCells(findInitSites(combined.text), combined, options);
}

/** Sites found in the combined text, with `cell` set and ranges relative to that cell. */
export function mapSitesToCells(sites: readonly InitSite[], combined: CombinedCells, options: { file?: string } = {}): InitSite[] {
  const mapped: InitSite[] = [];
  for (const site of sites) {
    const span = spanOfLine(combined.spans, site.range.start.line);
    // A site on a separator line cannot happen (they are blank); skip rather than misplace it.
    if (!span || site.range.start.line - span.startLine >= span.lineCount) continue;
    mapped.push({
      ...site,
      ...(options.file !== undefined ? { file: options.file } : {}),
      cell: span.cell,
      range: toCellRange(site.range, span),
    });
  }
  return mapped;
}

/** Reads a notebook file's JSON and finds its sites. Never throws. */
export function findInitSitesInNotebook(json: string, file?: string): NotebookSites {
  const read = readNotebook(json, file);
  try {
    return { sites: findInitSitesInCells(read.cells, file !== undefined ? { file } : {}), errors: read.errors, cells: read.cells };
  } catch (error) {
    // The parser is error-tolerant; this guards the scan against a detector bug on odd input.
    const message = `${file ?? 'notebook'}: could not be analysed (${error instanceof Error ? error.message : String(error)})`;
    return { sites: [], errors: [...read.errors, { ...(file !== undefined ? { file } : {}), message }], cells: read.cells };
  }
}

// ── IPython syntax ──────────────────────────────────────────────────────────────────────

/** Cell magics whose body is Python that runs (or is written as a .py file): it is kept. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3']);

/**
 * Blanks IPython-only lines with spaces: `%magic`, `!shell`, `x = !cmd`, `obj?`, and whole
 * cells under a non-Python cell magic (`%%bash`). Only lines that start a statement count, so
 * `!= b` continuing a bracket and `%` inside a docstring are left alone.
 */
export function blankIPython(source: string): string {
  const lines = source.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (first >= 0 && lines[first].trimStart().startsWith('%%')) {
    const [magic, target = ''] = lines[first].trim().slice(2).split(/\s+/);
    lines[first] = blank(lines[first]);
    const keepsPython = PYTHON_CELL_MAGICS.has(magic) || ((magic === 'writefile' || magic === 'file') && target.endsWith('.py'));
    if (!keepsPython) return lines.map(blank).join('\n');
  }
  const state: ScanState = { triple: null, depth: 0, continued: false };
  return lines
    .map((line) => {
      const atStatement = state.triple === null && state.depth === 0 && !state.continued;
      if (atStatement && isIPythonLine(line)) return blank(line);
      scanLine(line, state);
      return line;
    })
    .join('\n');
}

function isIPythonLine(line: string): boolean {
  const t = line.trim();
  if (t.startsWith('%') || t.startsWith('!')) return true;
  // `files = !ls`, `t = %timeit -o f()`
  if (/^[A-Za-z_][\w.,\s]*=\s*[!%]/.test(t)) return true;
  // `np.random.randn?`, `??torch.nn.init`, `np.*rand*?`
  return /^\?{1,2}[A-Za-z_][\w.*]*$/.test(t) || /^[A-Za-z_*][\w.*]*\?{1,2}$/.test(t);
}

interface ScanState {
  /** The open triple quote, when a line starts inside a triple-quoted string. */
  triple: string | null;
  /** Open brackets: lines inside them continue a statement. */
  depth: number;
  /** The previous line ended with a backslash. */
  continued: boolean;
}

/** Just enough of Python's tokenizer to know whether the next line starts a statement. */
function scanLine(line: string, state: ScanState): void {
  state.continued = false;
  let i = 0;
  while (i < line.length) {
    if (state.triple !== null) {
      const end = line.indexOf(state.triple, i);
      if (end < 0) return;
      if (isEscaped(line, end)) {
        i = end + 1;
        continue;
      }
      state.triple = null;
      i = end + 3;
      continue;
    }
    const ch = line[i];
    if (ch === '#') return;
    if (ch === '"' || ch === "'") {
      const quote3 = ch.repeat(3);
      if (line.startsWith(quote3, i)) {
        state.triple = quote3;
        i += 3;
        continue;
      }
      // A one-line string: skip to its closing quote (or the end of the line).
      let j = i + 1;
      while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') state.depth++;
    else if (ch === ')' || ch === ']' || ch === '}') state.depth = Math.max(0, state.depth - 1);
    else if (ch === '\\' && i === line.trimEnd().length - 1) state.continued = true;
    i++;
  }
}

function isEscaped(line: string, at: number): boolean {
  let backslashes = 0;
  for (let k = at - 1; k >= 0 && line[k] === '\\'; k--) backslashes++;
  return backslashes % 2 === 1;
}

function blank(line: string): string {
  return line.replace(/[^\r]/g, ' ');
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────

function spanOfLine(spans: readonly CellSpan[], line: number): CellSpan | null {
  let lo = 0;
  let hi = spans.length - 1;
  let found: CellSpan | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].startLine <= line) {
      found = spans[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function toCellRange(range: SourceRange, span: CellSpan): SourceRange {
  const start = { line: range.start.line - span.startLine, column: range.start.column };
  // A statement left open at the end of a cell can run into the next one: clamp to the cell.
  if (range.end.line - span.startLine >= span.lineCount) {
    return { from: range.from - span.startOffset, to: span.contentEnd, start, end: { line: span.lineCount - 1, column: span.lastLineLength } };
  }
  return {
    from: range.from - span.startOffset,
    to: range.to - span.startOffset,
    start,
    end: { line: range.end.line - span.startLine, column: range.end.column },
  };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  // A trailing newline ends the last line rather than starting an empty one.
  return text.endsWith('\n') ? n - 1 : n;
}

function cellSource(source: unknown): string | null {
  if (typeof source === 'string') return source;
  if (source === undefined) return '';
  if (Array.isArray(source) && source.every((s): s is string => typeof s === 'string')) return source.join('');
  return null;
}

function notebookLanguage(metadata: unknown): string | null {
  if (!isRecord(metadata)) return null;
  const info = metadata.language_info;
  if (isRecord(info) && typeof info.name === 'string') return info.name.toLowerCase();
  const kernel = metadata.kernelspec;
  if (isRecord(kernel) && typeof kernel.language === 'string') return kernel.language.toLowerCase();
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse's problem, placed at a line and column a person can find ("at position N" is not). */
function jsonProblem(error: unknown, json: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (!match) return `: ${message}`;
  const position = Number(match[1]);
  const before = json.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}: ${message.replace(match[0], '')}`;
}

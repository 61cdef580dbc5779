// One source text (a .py file or a notebook's JSON) → its init sites and the problems worth
// reporting. Shared by `init-lens check` (files on disk) and `init-lens review` (texts read
// through git), so both see the same sites, overrides and errors. Never throws.

import { cellOfLine, combineCells, findInitSitesInNotebook, type NotebookCell } from '../parse/notebook';
import { findOverrideComments, type OverrideComment } from '../parse/override';
import { findInitSites } from '../parse/sites';
import { parsePython } from '../parse/syntax';
import type { InitSite } from '../parse/types';

/** A problem with a file, a cell or a line; the file is still reported, never fatal. */
export interface SourceProblem {
  file: string;
  cell?: number;
  /** 1-based (within the cell for notebooks), when the problem is at a line. */
  line?: number;
  message: string;
}

/** How to find sites in Python text; tests substitute it. */
export type SiteFinder = (source: string, options: { file: string }) => InitSite[];

export interface SourceSites {
  sites: InitSite[];
  errors: SourceProblem[];
  /** A notebook's cells (for cell-relative edits); null for a .py file or an unreadable notebook. */
  cells: NotebookCell[] | null;
}

/** Files larger than this are reported and skipped (a .py this size is generated, not written). */
export const MAX_SOURCE_BYTES = { '.py': 10 * 2 ** 20, '.ipynb': 200 * 2 ** 20 } as const;

export function isNotebookPath(file: string): boolean {
  return file.endsWith('.ipynb');
}

/** The problem to report instead of analysing a file of `bytes` bytes, or null when it is small enough. */
export function sizeProblem(file: string, bytes: number): SourceProblem | null {
  const limit = MAX_SOURCE_BYTES[isNotebookPath(file) ? '.ipynb' : '.py'];
  if (bytes <= limit) return null;
  return { file, message: `larger than ${limit / 2 ** 20} MB (${(bytes / 2 ** 20).toFixed(1)} MB); skipped` };
}

export function analyseSource(file: string, text: string, find: SiteFinder = findInitSites): SourceSites {
  try {
    if (isNotebookPath(file)) {
      const read = findInitSitesInNotebook(text, file);
      // The report names file and cell itself: drop the reader's own "FILE: cell N: " prefix.
      const errors: SourceProblem[] = read.errors.map((e) => ({
        file,
        ...(e.cell !== undefined ? { cell: e.cell } : {}),
        message: e.message.replace(`${file}: `, '').replace(/^cell \d+: /, ''),
      }));
      const combined = combineCells(read.cells);
      const comments = overrideComments(combined.text).flatMap((c) => {
        const at = cellOfLine(combined, c.line);
        return at ? [{ ...c, ...at }] : [];
      });
      errors.push(...overrideProblems(file, comments, read.sites));
      return { sites: read.sites, errors, cells: read.cells };
    }
    const sites = find(text, { file });
    return { sites, errors: overrideProblems(file, overrideComments(text), sites), cells: null };
  } catch (error) {
    // The parser is error-tolerant; this keeps one detector bug from stopping the scan.
    return { sites: [], errors: [{ file, message: `could not be analysed: ${error instanceof Error ? error.message : String(error)}` }], cells: null };
  }
}

function overrideComments(text: string): OverrideComment[] {
  return text.toLowerCase().includes('init-lens:') ? findOverrideComments(parsePython(text)) : [];
}

/** Bad keys in init-lens comments, and comments that sit on or above no init site. */
function overrideProblems(file: string, comments: readonly (OverrideComment & { cell?: number })[], sites: readonly InitSite[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const c of comments) {
    const where = { file, ...(c.cell !== undefined ? { cell: c.cell } : {}), line: c.line + 1 };
    for (const message of c.errors) problems.push({ ...where, message });
    const applies = sites.some((s) => s.cell === c.cell && (s.range.start.line === c.line || (c.commentOnly && s.range.start.line === c.line + 1)));
    if (!applies && c.override) {
      problems.push({ ...where, message: 'init-lens comment applies to no init site: put it on the init line, or alone on the line above it' });
    }
  }
  return problems;
}

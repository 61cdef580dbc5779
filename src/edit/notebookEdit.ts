// Editing one notebook cell: the site's offsets are into the cell's text, but the cell is read
// together with the cells before it (imports, constants, fans), so the edit is verified the same way.

import { combineCells, findInitSitesInCells, type NotebookCell } from '../parse/notebook';
import type { EditOptions } from './context';

/**
 * Options for initEdit / fixEdit / verifyEdit on a site of cell `cell` (the index
 * findInitSitesInCells gave it), where `source` is that cell's text.
 */
export function cellEditOptions(cells: readonly (string | NotebookCell)[], cell: number): EditOptions {
  const others = cells.map((c, i) => (i === cell ? '' : c));
  return {
    reparse: (edited) => {
      const withEdit = cells.map((c, i) => (i !== cell ? c : typeof c === 'string' ? edited : { ...c, source: edited }));
      return findInitSitesInCells(withEdit).filter((s) => s.cell === cell);
    },
    importsFrom: combineCells(others).text,
  };
}

// The FixWriter the editor uses: src/edit's idiomatic rewrite, which re-reads its own edit
// before returning it (a rewrite that does not read back as the fix is never offered).

import { describeInit } from '../core/schemes';
import { recommendedInit } from '../diagnose/fixes';
import { cellEditOptions } from '../edit/notebookEdit';
import { initEdit } from '../edit/writeInit';
import type { FixWriter } from './analyse';

export const writeFix: FixWriter = (site, source, init, activation, cells) => {
  const options = cells !== null && site.cell !== undefined ? cellEditOptions(cells, site.cell) : {};
  const edit = initEdit(site, source, init, activation, options);
  if ('reason' in edit) return null;
  const recommended = recommendedInit(activation);
  const label = JSON.stringify(recommended.init) === JSON.stringify(init) ? recommended.label : describeInit(init);
  return { title: `Use ${edit.scheme}: ${edit.preview.replace(/\s*\n\s*/g, ' ')}`, label, edits: edit.edits };
};

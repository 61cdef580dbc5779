// Writes the user's word on a site's network as `# init-lens: depth=50 width=80 activation=relu`
// (design.md §5): an existing comment on the site's line, or alone on the line above, gets just
// the given keys updated or added; otherwise a comment line goes above the site at its indentation.

import type { SourceEdit } from '../analysis/types';
import { parseActivation } from '../core/activations';
import { InputError } from '../core/errors';
import { LIMITS } from '../core/simulate';
import { parsePython, type SourceFile } from '../parse/syntax';
import { lineEnding } from './pyText';

export interface OverrideValues {
  depth: number;
  width: number;
  /** As the comment spells it: "relu", "leaky_relu:0.2". */
  activation: string;
  batch: number;
}

const MARKER = 'init-lens:';
const KEYS = ['depth', 'width', 'activation', 'batch'] as const;

/** The edit that makes the override for the site on 0-based `siteLine` state `values` (other keys kept). */
export function overrideEdit(source: string, siteLine: number, values: Partial<OverrideValues>): SourceEdit {
  const pairs = validPairs(values);
  const file = parsePython(source);
  if (!Number.isInteger(siteLine) || siteLine < 0 || siteLine >= file.lineStarts.length) {
    throw new InputError('site line', `a line from 0 to ${file.lineStarts.length - 1}`, siteLine);
  }
  // The site's own line wins over the line above (overrideAt), so a comment there is the one to update.
  const own = markerComment(file, siteLine, false);
  const above = own ? null : markerComment(file, siteLine - 1, true);
  const comment = own ?? above;
  if (comment) return updateComment(source, comment, pairs);

  const lineStart = file.lineStarts[siteLine];
  const line = lineAt(source, file, siteLine);
  const text = `# ${MARKER} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
  // After a backslash continuation a new line would split the statement: comment at the end of the line instead.
  if (siteLine > 0 && /\\\s*$/.test(lineAt(source, file, siteLine - 1))) {
    const end = lineStart + line.length;
    return { from: end, to: end, newText: `  ${text}` };
  }
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  return { from: lineStart, to: lineStart, newText: `${indent}${text}${lineEnding(source, lineStart)}` };
}

function validPairs(values: Partial<OverrideValues>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const key of KEYS) {
    const value = values[key];
    if (value === undefined) continue;
    if (key === 'activation') {
      const text = String(value).trim();
      // The comment splits on spaces, commas and semicolons and ends at '#'.
      if (/[\s,;#=]/.test(text) || text === '') throw new InputError('activation', 'a name such as relu or leaky_relu:0.2', value);
      parseActivation(text);
      pairs.push([key, text]);
    } else {
      const max = LIMITS[key];
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) throw new InputError(key, `an integer from 1 to ${max}`, value);
      pairs.push([key, String(value)]);
    }
  }
  if (pairs.length === 0) throw new InputError('override values', `at least one of ${KEYS.join(', ')}`, '{}');
  return pairs;
}

/** The line's text without its line ending. */
function lineAt(source: string, file: SourceFile, line: number): string {
  const start = file.lineStarts[line];
  const end = line + 1 < file.lineStarts.length ? file.lineStarts[line + 1] - 1 : source.length;
  return source.slice(start, end).replace(/\r$/, '');
}

/** The init-lens comment on `line` (a real comment, not text in a string); `alone`: nothing else on the line. */
function markerComment(file: SourceFile, line: number, alone: boolean): { from: number; to: number } | null {
  if (line < 0 || line >= file.lineStarts.length) return null;
  const from = file.lineStarts[line];
  const to = from + lineAt(file.text, file, line).length;
  if (!file.text.slice(from, to).toLowerCase().includes(MARKER)) return null;
  let found: { from: number; to: number } | null = null;
  file.tree.iterate({
    from,
    to,
    enter: (node) => {
      if (found || node.name !== 'Comment' || node.from < from || node.from > to) return;
      const end = Math.min(node.to, to);
      if (!file.text.slice(node.from, end).toLowerCase().includes(MARKER)) return;
      if (alone && file.text.slice(from, node.from).trim() !== '') return;
      found = { from: node.from, to: end };
    },
  });
  return found;
}

/** Sets each key in the comment's body: in place where it is written, appended where it is not. */
function updateComment(source: string, comment: { from: number; to: number }, pairs: [string, string][]): SourceEdit {
  const text = source.slice(comment.from, comment.to);
  const bodyStart = text.toLowerCase().indexOf(MARKER) + MARKER.length;
  const remark = text.indexOf('#', bodyStart);
  const bodyEnd = remark >= 0 ? remark : text.length;
  let body = text.slice(bodyStart, bodyEnd);
  for (const [key, value] of pairs) {
    const written = new RegExp(`(^|[\\s,;])(${key})(\\s*=\\s*)([^\\s,;#]*)`, 'gi');
    if (written.test(body)) body = body.replace(written, (_m, lead: string, k: string, eq: string) => `${lead}${k}${eq}${value}`);
    else {
      const trailing = /\s*$/.exec(body)?.[0] ?? '';
      body = `${body.slice(0, body.length - trailing.length)} ${key}=${value}${trailing}`;
    }
  }
  return { from: comment.from + bodyStart, to: comment.from + bodyEnd, newText: body };
}

// `# init-lens: depth=50 width=80 activation=relu batch=128` comments: the user's word on the
// network a site belongs to, which wins over inference (design.md §5). Comments are found in
// the Lezer tree, so the same text inside a string is never taken for an override.

import { parseActivation } from '../core/activations';
import { InputError } from '../core/errors';
import { LIMITS } from '../core/simulate';
import { lineText, positionAt, type SourceFile } from './syntax';
import type { ContextOverride } from './types';

const MARKER = 'init-lens:';
const KEYS = ['depth', 'width', 'activation', 'batch'] as const;
type OverrideKey = (typeof KEYS)[number];

export interface ParsedOverride {
  /** undefined when the comment is not an init-lens comment or sets no valid key. */
  override: ContextOverride | undefined;
  /** One readable message per bad token; the valid keys still apply. */
  errors: string[];
}

/** An `# init-lens:` comment found in a file, for diagnostics (0-based line). */
export interface OverrideComment extends ParsedOverride {
  line: number;
  /** The comment is alone on its line, so it applies to the line below. */
  commentOnly: boolean;
}

/** Parses one comment's text ("# init-lens: depth=50 width=80"); anything before the marker is ignored. */
export function parseOverride(text: string): ParsedOverride {
  const at = text.toLowerCase().indexOf(MARKER);
  if (at < 0) return { override: undefined, errors: [] };
  let body = text.slice(at + MARKER.length);
  // A second `#` starts a remark about the override: "# init-lens: depth=50  # as in the paper".
  const hash = body.indexOf('#');
  if (hash >= 0) body = body.slice(0, hash);
  const tokens = body
    .replace(/\s*=\s*/g, '=')
    .split(/[\s,;]+/)
    .filter((t) => t !== '');
  const override: ContextOverride = {};
  const errors: string[] = [];
  const seen = new Set<OverrideKey>();
  if (tokens.length === 0) errors.push(`init-lens comment sets nothing (write e.g. "# init-lens: depth=50 width=80 activation=relu batch=128")`);
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const key = (eq < 0 ? token : token.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : token.slice(eq + 1);
    if (!isKey(key)) {
      errors.push(`init-lens comment: unknown key "${key}" (allowed: ${KEYS.join(', ')})`);
      continue;
    }
    if (value === '') {
      errors.push(`init-lens comment: ${key} needs a value, e.g. ${key}=${example(key)}`);
      continue;
    }
    if (seen.has(key)) errors.push(`init-lens comment: ${key} is set twice; the last value (${value}) is used`);
    seen.add(key);
    try {
      setKey(override, key, value);
    } catch (error) {
      errors.push(`init-lens comment: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { override: Object.keys(override).length > 0 ? override : undefined, errors };
}

/**
 * The override for a site starting on `line` (0-based): a comment on that line, or a comment
 * alone on the line above. Keys on the site's own line win over the line above.
 */
export function overrideAt(file: SourceFile, line: number): ContextOverride | undefined {
  const above = commentsOn(file, line - 1).filter((c) => c.commentOnly);
  const own = commentsOn(file, line);
  let merged: ContextOverride | undefined;
  for (const comment of [...above, ...own]) {
    if (comment.override) merged = { ...merged, ...comment.override };
  }
  return merged;
}

/** Every init-lens comment in the file, valid or not, in line order. */
export function findOverrideComments(file: SourceFile): OverrideComment[] {
  const found: OverrideComment[] = [];
  // Cheap pre-check: almost no file has an override, and walking all comments costs a tree pass.
  if (!file.text.toLowerCase().includes(MARKER)) return found;
  file.tree.iterate({
    enter: (node) => {
      if (node.name !== 'Comment') return;
      const comment = commentAt(file, node.from, node.to);
      if (comment) found.push(comment);
    },
  });
  return found;
}

function commentsOn(file: SourceFile, line: number): OverrideComment[] {
  if (line < 0 || line >= file.lineStarts.length) return [];
  const from = file.lineStarts[line];
  const to = from + lineText(file, line).length;
  if (!file.text.slice(from, to).toLowerCase().includes(MARKER)) return [];
  const found: OverrideComment[] = [];
  file.tree.iterate({
    from,
    to,
    enter: (node) => {
      if (node.name !== 'Comment' || node.from < from || node.from > to) return;
      const comment = commentAt(file, node.from, node.to);
      if (comment) found.push(comment);
    },
  });
  return found;
}

function commentAt(file: SourceFile, from: number, to: number): OverrideComment | null {
  const text = file.text.slice(from, to);
  if (!text.toLowerCase().includes(MARKER)) return null;
  const { line } = positionAt(file, from);
  const commentOnly = file.text.slice(file.lineStarts[line], from).trim() === '';
  return { line, commentOnly, ...parseOverride(text) };
}

function isKey(key: string): key is OverrideKey {
  return (KEYS as readonly string[]).includes(key);
}

function example(key: OverrideKey): string {
  return { depth: '50', width: '512', activation: 'relu', batch: '128' }[key];
}

function setKey(override: ContextOverride, key: OverrideKey, value: string): void {
  if (key === 'activation') {
    override.activation = parseActivation(value);
    return;
  }
  const max = { depth: LIMITS.depth, width: LIMITS.width, batch: LIMITS.batch }[key];
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new InputError(key, `an integer from 1 to ${max}`, value);
  override[key] = n;
}

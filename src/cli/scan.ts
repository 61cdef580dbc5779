// File discovery for `init-lens check`: .py and .ipynb under the given paths, in a
// deterministic order, minus tool directories and gitignore-style --exclude patterns.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError } from '../core/errors';

export const SCANNED_EXTENSIONS = ['.py', '.ipynb'] as const;

/** Directories that never hold the user's own model code (or hold copies of it). */
export const SKIPPED_DIRECTORIES: readonly string[] = ['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.ipynb_checkpoints', '.tox'];

export interface ScanProblem {
  file: string;
  message: string;
}

export interface ScanResult {
  files: string[];
  errors: ScanProblem[];
}

export interface ExcludePattern {
  source: string;
  negate: boolean;
  dirOnly: boolean;
  regex: RegExp;
}

/**
 * Compiles a gitignore-style pattern: `*` and `?` stay within one path segment, `**` spans
 * segments, `[a-z]` is a class, a trailing `/` matches directories only, `!` re-includes.
 * A pattern with no `/` except a trailing one matches a name at any depth; otherwise it is
 * anchored at the scanned path.
 */
export function compileExclude(pattern: string): ExcludePattern {
  if (pattern.trim() === '') throw new InputError('--exclude', 'a non-empty glob pattern', pattern);
  let body = pattern;
  const negate = body.startsWith('!');
  if (negate) body = body.slice(1);
  const dirOnly = body.endsWith('/');
  if (dirOnly) body = body.replace(/\/+$/, '');
  if (body.startsWith('./')) body = body.slice(2);
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  if (body === '') throw new InputError('--exclude', 'a glob pattern that names something', pattern);
  const regex = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globToRegex(body)}$`);
  return { source: pattern, negate, dirOnly, regex };
}

function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length;
        if (atStart && glob[i + 2] === '/') {
          out += '(?:.*/)?'; // `**/` : zero or more directories
          i += 3;
          continue;
        }
        if (atStart && atEnd) {
          out += '.*'; // trailing `/**` : everything inside
          i += 2;
          continue;
        }
        out += '[^/]*'; // `a**b` is two plain stars, as in gitignore
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close + 1;
        continue;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]);
      i += 2;
      continue;
    } else {
      out += escapeRegex(ch);
    }
    i++;
  }
  return out;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** gitignore semantics: the last pattern that matches decides. Paths use `/`. */
export function isExcluded(paths: readonly string[], isDirectory: boolean, patterns: readonly ExcludePattern[]): boolean {
  let excluded = false;
  for (const p of patterns) {
    if (p.dirOnly && !isDirectory) continue;
    if (paths.some((path) => p.regex.test(path))) excluded = !p.negate;
  }
  return excluded;
}

/**
 * Every .py and .ipynb under `roots` (files given directly are taken if their extension fits),
 * sorted by path. A missing root is a usage error; an unreadable directory is reported and skipped.
 */
export function discoverFiles(roots: readonly string[], patterns: readonly ExcludePattern[]): ScanResult {
  for (const root of roots) {
    try {
      statSync(root);
    } catch {
      throw new InputError('PATH', 'an existing file or directory', root);
    }
  }
  const found = new Set<string>();
  const errors: ScanProblem[] = [];
  const visited = new Set<string>();
  for (const root of roots) {
    // Patterns match the path relative to the scanned root and the path as printed.
    const candidates = (path: string) => {
      const shown = toSlashes(path).replace(/^(\.\/)+/, '');
      const rel = toSlashes(relative(root, path));
      return rel === '' || rel === shown ? [shown] : [rel, shown];
    };
    const visit = (dir: string) => {
      let real: string;
      let names: string[];
      try {
        real = realpathSync(dir);
        if (visited.has(real)) return; // a symlink cycle, or a root inside another root
        visited.add(real);
        names = readdirSync(dir);
      } catch (error) {
        errors.push({ file: dir, message: `cannot read directory: ${messageOf(error)}` });
        return;
      }
      names.sort(compareCodeUnits);
      for (const name of names) {
        const path = join(dir, name);
        let isDirectory: boolean;
        try {
          isDirectory = statSync(path).isDirectory();
        } catch (error) {
          // A dangling symlink is not worth an error; anything else (EACCES) is.
          if (!isScanned(name) || (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          errors.push({ file: path, message: `cannot read: ${messageOf(error)}` });
          continue;
        }
        if (isDirectory) {
          if (SKIPPED_DIRECTORIES.includes(name) || isExcluded(candidates(path), true, patterns)) continue;
          visit(path);
        } else if (isScanned(name) && !isExcluded(candidates(path), false, patterns)) {
          found.add(path);
        }
      }
    };
    if (statSync(root).isDirectory()) visit(root);
    else if (!isExcluded(candidates(root), false, patterns)) {
      if (isScanned(root)) found.add(root);
      else errors.push({ file: root, message: `not a ${SCANNED_EXTENSIONS.join(' or ')} file; skipped` });
    }
  }
  return { files: [...found].sort(compareCodeUnits), errors };
}

function isScanned(name: string): boolean {
  return SCANNED_EXTENSIONS.some((ext) => name.endsWith(ext));
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Locale-independent order, so every machine prints the same report. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

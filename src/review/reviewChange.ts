// `review`'s core: the init sites a git change touched, simulated before and after. It reads
// both versions through git (the working tree from disk) and never runs the code, so it is safe
// on pull requests from forks. No CLI or editor imports: the CLI, the GitHub Action and the
// editor call it with their own git runner and simulator.

import { readFile, stat } from 'node:fs/promises';
import { posix, relative, isAbsolute, sep } from 'node:path';
import { findInitSites } from '../parse/sites';
import { readFileVersion, type FileVersion, type VersionReader } from './fileVersion';
import { allPaths, changedPaths, defaultBranch, GitError, mergeBase, repositoryRoot, resolveCommit, runGit, type GitRunner } from './git';
import { lineMapper } from './lineMap';
import { classifyPair, matchSites, type SiteDraft, type SitePair } from './matchSites';
import { outcomeCache } from './outcomeCache';
import { simulateQuick } from '../analysis/quickSimulation';
import { isRegressed } from './regression';
import { suggestFix } from './fixSuggestion';
import { analyseSource, isNotebookPath } from '../analysis/sourceAnalysis';
import type { ReviewCounts, ReviewDeps, ReviewedFile, ReviewedSite, ReviewEndpoint, ReviewOptions, ReviewProblem, ReviewReport, SiteVersion } from './types';

export async function reviewChange(options: ReviewOptions, deps: ReviewDeps = {}): Promise<ReviewReport> {
  const git = deps.git ?? runGit;
  const signal = options.signal;
  await requireDirectory(options.cwd);
  const root = await repositoryRoot(git, options.cwd);
  const head: ReviewEndpoint =
    options.head !== undefined ? { ref: options.head, commit: await resolveCommit(git, root, options.head, 'head'), mergeBase: false } : { ref: 'working tree', commit: null, mergeBase: false };
  const base = await resolveBase(git, root, options, head);
  signal?.throwIfAborted();

  const inPaths = await pathFilter(git, options.cwd, options.paths ?? []);
  const files = await filesToCompare(git, root, base.commit as string, head.commit, inPaths, options.all === true);
  const reader: VersionReader = {
    git,
    root,
    readWorkingFile: deps.readWorkingFile ?? readWorkingFile,
    analyse: deps.analyseText ?? (async (path, text) => analyseSource(path, text, deps.findSites ?? findInitSites)),
    defaults: options.defaults,
  };

  const errors: ReviewProblem[] = [];
  const matched: { pair: SitePair<SiteDraft>; versions: { before: FileVersion | null; after: FileVersion | null } }[] = [];
  for (const file of files) {
    signal?.throwIfAborted();
    const before = file.before !== null && file.status !== 'unchanged' ? await readFileVersion(reader, file.before, base.commit) : null;
    const after = file.after !== null ? await readFileVersion(reader, file.after, head.commit) : null;
    errors.push(...(before?.errors ?? []).map((e) => ({ ...e, side: 'base' as const })), ...(after?.errors ?? []).map((e) => ({ ...e, side: 'head' as const })));
    if (file.status === 'unchanged') {
      // The same text at both ends: every site is unchanged, and read once.
      for (const p of after?.sites ?? []) matched.push({ pair: { before: p.version, after: p.version }, versions: { before: after, after } });
      continue;
    }
    const map = lineMapper(before?.analysed ?? '', after?.analysed ?? '');
    for (const pair of matchSites(before?.sites ?? [], after?.sites ?? [], map)) matched.push({ pair, versions: { before, after } });
  }

  const counts: ReviewCounts = { added: 0, modified: 0, removed: 0, moved: 0, unchanged: 0, regressed: 0 };
  const classified = matched.map((m) => ({ ...m, ...classifyPair(m.pair) }));
  const reported = classified.filter((c) => options.all === true || (c.change !== 'moved' && c.change !== 'unchanged'));

  // Only reported sites are simulated; identical networks once.
  const outcomeOf = outcomeCache(deps.simulate ?? simulateQuick, signal);
  // Keyed by draft and side: an unchanged site is one draft at both ends, with a fix only after.
  const finished = [new Map<SiteDraft, Promise<SiteVersion>>(), new Map<SiteDraft, Promise<SiteVersion>>()];
  const finish = (draft: SiteDraft, file: FileVersion | null, withFix: boolean): Promise<SiteVersion> => {
    const cache = finished[withFix ? 1 : 0];
    let version = cache.get(draft);
    if (!version) {
      version = outcomeOf(draft.network).then((outcome) => ({
        ...draft,
        outcome,
        suggestion: withFix && file ? suggestFix(draft.site, file.source, file.cells, draft.network, outcome) : null,
      }));
      cache.set(draft, version);
    }
    return version;
  };
  const sites: ReviewedSite[] = await Promise.all(
    reported.map(async (c) => {
      const before = c.pair.before ? await finish(c.pair.before, c.versions.before, false) : null;
      const after = c.pair.after ? await finish(c.pair.after, c.versions.after, true) : null;
      return { change: c.change, aspects: c.aspects, before, after, regressed: isRegressed(before, after) };
    }),
  );
  for (const c of classified) counts[c.change]++;
  counts.regressed = sites.filter((s) => s.regressed).length;

  return { root, base, head, files, sites: sites.sort(bySiteOrder(files)), counts, errors, defaults: options.defaults };
}

/** Larger working-tree files are not read (git blobs have the same cap); the size check comes after. */
const MAX_READ_BYTES = 256 * 2 ** 20;

async function readWorkingFile(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size > MAX_READ_BYTES) throw new Error(`${(size / 2 ** 20).toFixed(0)} MB is too large to read`);
  return readFile(path, 'utf8');
}

async function requireDirectory(cwd: string): Promise<void> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(cwd)).isDirectory();
  } catch {
    // Reported below.
  }
  if (!isDirectory) throw new GitError(`not a directory: ${cwd}`);
}

async function resolveBase(git: GitRunner, root: string, options: ReviewOptions, head: ReviewEndpoint): Promise<ReviewEndpoint> {
  if (options.base !== undefined) return { ref: options.base, commit: await resolveCommit(git, root, options.base, 'base'), mergeBase: false };
  const branch = options.defaultBranch ?? (await defaultBranch(git, root));
  if (branch === null) throw new GitError('no default branch to compare with (origin/HEAD, main or master); pass --base REF');
  const branchCommit = await resolveCommit(git, root, branch, 'base');
  return { ref: branch, commit: await mergeBase(git, root, branchCommit, head.commit ?? 'HEAD'), mergeBase: true };
}

/** The changed .py/.ipynb files (renames paired), plus with `all` every other one at head. */
async function filesToCompare(git: GitRunner, root: string, base: string, head: string | null, inPaths: (path: string) => boolean, all: boolean): Promise<ReviewedFile[]> {
  const files: ReviewedFile[] = [];
  for (const c of await changedPaths(git, root, base, head)) {
    const before = c.before !== null && isPython(c.before) && inPaths(c.before) ? c.before : null;
    const after = c.after !== null && isPython(c.after) && inPaths(c.after) ? c.after : null;
    if (before === null && after === null) continue;
    // A copy is a new file; a rename whose other side is not Python (or outside PATHs) is one-sided.
    const from = c.status === 'C' ? null : before;
    const status = from === null ? 'added' : after === null ? 'deleted' : from !== after ? 'renamed' : 'modified';
    files.push({ before: from, after, status });
  }
  if (all) {
    const seen = new Set(files.flatMap((f) => (f.after !== null ? [f.after] : [])));
    const deleted = new Set(files.flatMap((f) => (f.after === null && f.before !== null ? [f.before] : [])));
    for (const path of await allPaths(git, root, head)) {
      if (isPython(path) && inPaths(path) && !seen.has(path) && !deleted.has(path)) files.push({ before: path, after: path, status: 'unchanged' });
    }
  }
  return files.sort((a, b) => compareText(a.after ?? a.before ?? '', b.after ?? b.before ?? ''));
}

function isPython(path: string): boolean {
  return path.endsWith('.py') || isNotebookPath(path);
}

/** PATHs (relative to cwd) as a test on repository-relative paths; none: everything. */
async function pathFilter(git: GitRunner, cwd: string, paths: readonly string[]): Promise<(path: string) => boolean> {
  if (paths.length === 0) return () => true;
  // git's own view of where cwd is inside the repository (robust to symlinked checkouts).
  const prefix = (await git(['rev-parse', '--show-prefix'], { cwd })).trim();
  const top = (await git(['rev-parse', '--show-toplevel'], { cwd })).trim();
  const wanted = paths.map((p) => {
    const rel = isAbsolute(p) ? relative(top, p).split(sep).join('/') : posix.join(prefix, p.split(sep).join('/'));
    const normal = posix.normalize(rel).replace(/\/+$/, '');
    if (normal === '..' || normal.startsWith('../') || isAbsolute(normal)) throw new GitError(`PATH ${p} is outside the repository ${top}`);
    return normal === '.' ? '' : normal;
  });
  return (path) => wanted.some((w) => w === '' || path === w || path.startsWith(`${w}/`));
}

function bySiteOrder(files: readonly ReviewedFile[]): (a: ReviewedSite, b: ReviewedSite) => number {
  const order = new Map<string, number>();
  files.forEach((f, i) => {
    if (f.after !== null) order.set(`a:${f.after}`, i);
    if (f.before !== null) order.set(`b:${f.before}`, i);
  });
  const key = (s: ReviewedSite): [number, number, number] => {
    const v = (s.after ?? s.before) as SiteVersion;
    const file = s.after ? order.get(`a:${v.file}`) : order.get(`b:${v.file}`);
    return [file ?? 0, v.site.cell ?? -1, v.site.range.start.line];
  };
  return (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Everything `review` asks git, as argument arrays for the `git` executable (never a shell
// string). Read-only: it resolves refs, lists changed files and reads blobs; it never checks
// anything out, and never runs the code under review.

import { execFile } from 'node:child_process';

/** Runs `git ARGS...` in `cwd` and resolves with stdout; rejects with a GitCommandError. */
export type GitRunner = (args: readonly string[], options: { cwd: string }) => Promise<string>;

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    /** Exit status, or null when git could not be started (then `notFound` says why). */
    readonly status: number | null,
    readonly stderr: string,
    readonly notFound = false,
  ) {
    super(notFound ? 'git is not installed or not on PATH' : `git ${args.join(' ')} failed${status !== null ? ` (exit ${status})` : ''}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitCommandError';
  }
}

/** A problem with the repository or a ref, in one line for the user. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** A ref that names no commit; `role` says which argument it came from. */
export class RefError extends GitError {
  constructor(
    readonly role: 'base' | 'head',
    readonly ref: string,
  ) {
    super(`unknown ${role} ref ${JSON.stringify(ref)}: not a branch, tag or commit in this repository`);
    this.name = 'RefError';
  }
}

/** Blobs up to the notebook size limit fit (larger files are reported, not read in part). */
const MAX_OUTPUT = 256 * 2 ** 20;

export const runGit: GitRunner = (args, { cwd }) =>
  new Promise((resolve, reject) => {
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
    execFile('git', [...args], { cwd, env, encoding: 'utf8', maxBuffer: MAX_OUTPUT, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !stderr) return reject(new GitCommandError(args, null, '', true));
      reject(new GitCommandError(args, typeof code === 'number' ? code : null, stderr || error.message));
    });
  });

/** The repository's top level; a clear error outside a repository or without git. */
export async function repositoryRoot(git: GitRunner, cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], { cwd })).trim();
  } catch (error) {
    if (error instanceof GitCommandError && error.notFound) throw new GitError(error.message);
    if (error instanceof GitCommandError && /not a git repository/i.test(error.stderr)) throw new GitError(`not a git repository: ${cwd} (init-lens review compares two versions of a git repository)`);
    throw new GitError(`cannot use the git repository at ${cwd}: ${messageOf(error)}`);
  }
}

/** The full SHA of the commit `ref` names, or a RefError naming it. */
export async function resolveCommit(git: GitRunner, root: string, ref: string, role: 'base' | 'head'): Promise<string> {
  if (ref.trim() === '') throw new RefError(role, ref);
  try {
    // --end-of-options: a ref starting with "-" is a ref, never an option.
    return (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: root })).trim();
  } catch (error) {
    if (error instanceof GitCommandError && error.notFound) throw new GitError(error.message);
    throw new RefError(role, ref);
  }
}

/** origin/HEAD's branch when set, else main, else master (local, then on origin); null if none. */
export async function defaultBranch(git: GitRunner, root: string): Promise<string | null> {
  try {
    const symbolic = (await git(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'], { cwd: root })).trim();
    if (symbolic.startsWith('refs/remotes/')) return symbolic.slice('refs/remotes/'.length);
  } catch {
    // origin/HEAD is not set (no remote, or a clone that did not record it).
  }
  for (const [name, ref] of [
    ['main', 'refs/heads/main'],
    ['master', 'refs/heads/master'],
    ['origin/main', 'refs/remotes/origin/main'],
    ['origin/master', 'refs/remotes/origin/master'],
  ]) {
    try {
      await git(['rev-parse', '--verify', '--quiet', ref], { cwd: root });
      return name;
    } catch {
      // Not there; try the next.
    }
  }
  return null;
}

export async function mergeBase(git: GitRunner, root: string, a: string, b: string): Promise<string> {
  try {
    return (await git(['merge-base', a, b], { cwd: root })).trim();
  } catch {
    throw new GitError(`${a} and ${b === 'HEAD' ? 'HEAD' : b} have no common ancestor; pass --base REF`);
  }
}

/** One changed path pair from `git diff --name-status`. */
export interface ChangedPath {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed (as git prints). */
  status: string;
  before: string | null;
  after: string | null;
}

/** Files that differ between `base` and `head` (null: the working tree, untracked files included). */
export async function changedPaths(git: GitRunner, root: string, base: string, head: string | null): Promise<ChangedPath[]> {
  const args = ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', base, ...(head !== null ? [head] : []), '--'];
  const changed = parseNameStatus(await git(args, { cwd: root }));
  if (head === null) {
    for (const path of await untrackedPaths(git, root)) changed.push({ status: 'A', before: null, after: path });
  }
  return changed;
}

/** `git diff --name-status -z` output: STATUS\0PATH\0, or STATUS\0OLD\0NEW\0 for renames and copies. */
export function parseNameStatus(output: string): ChangedPath[] {
  const fields = output.split('\0');
  const changed: ChangedPath[] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const status = fields[i];
    if (status === '') break;
    const kind = status[0];
    if (kind === 'R' || kind === 'C') {
      changed.push({ status: kind, before: fields[i + 1], after: fields[i + 2] });
      i += 3;
    } else {
      const path = fields[i + 1];
      changed.push({ status: kind, before: kind === 'A' ? null : path, after: kind === 'D' ? null : path });
      i += 2;
    }
  }
  return changed;
}

export async function untrackedPaths(git: GitRunner, root: string): Promise<string[]> {
  return splitZ(await git(['ls-files', '-z', '--others', '--exclude-standard'], { cwd: root }));
}

/** Every file in `head` (null: tracked and untracked files of the working tree). */
export async function allPaths(git: GitRunner, root: string, head: string | null): Promise<string[]> {
  if (head !== null) return splitZ(await git(['ls-tree', '-r', '-z', '--name-only', head], { cwd: root }));
  const tracked = splitZ(await git(['ls-files', '-z', '--cached'], { cwd: root }));
  return [...new Set([...tracked, ...(await untrackedPaths(git, root))])];
}

/**
 * A file's text at a commit. `cat-file blob` returns the stored bytes as they are: no textconv
 * driver or filter configured for the path runs.
 */
export async function readBlob(git: GitRunner, root: string, commit: string, path: string): Promise<string> {
  return git(['cat-file', 'blob', `${commit}:${path}`], { cwd: root });
}

function splitZ(output: string): string[] {
  return output.split('\0').filter((p) => p !== '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

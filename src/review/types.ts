// What `reviewChange` returns: the init sites a change touched, each simulated before and after.
// Every format (text, Markdown, JSON, SARIF, GitHub annotations) is a pure function of this.

import type { DirectionVerdict } from '../diagnose/verdict';
import type { NetworkDefaults, SiteNetwork } from '../model/network';
import type { InitSite } from '../parse/types';
import type { GitRunner } from './git';
import type { Simulator } from './outcomeCache';
import type { SiteOutcome } from '../analysis/quickSimulation';
import type { SiteFinder, SourceProblem, SourceSites } from '../analysis/sourceAnalysis';

export interface ReviewOptions {
  /** Any directory inside the repository; PATHs are relative to it. */
  cwd: string;
  /** A commit, branch or tag. Unset: the merge base of `defaultBranch` and head. */
  base?: string;
  /** A commit, branch or tag. Unset: the working tree (tracked changes plus untracked files). */
  head?: string;
  /** Branch whose merge base with head is the default base. Unset: origin/HEAD, else main, else master. */
  defaultBranch?: string;
  /** Only files under these paths (relative to cwd). Unset or empty: the whole repository. */
  paths?: readonly string[];
  /** Also report sites the change did not touch (moved, and unchanged in every .py/.ipynb file). */
  all?: boolean;
  defaults: NetworkDefaults;
  signal?: AbortSignal;
}

/** Injectable effects: git (tests, a sandbox) and simulation (the editor runs it on a worker). */
export interface ReviewDeps {
  git?: GitRunner;
  /** Reads a working-tree file (absolute path) as UTF-8. */
  readWorkingFile?: (path: string) => Promise<string>;
  simulate?: Simulator;
  findSites?: SiteFinder;
  /** A file text's sites and problems (the editor parses in its analysis worker); default: in process with findSites. */
  analyseText?: (path: string, text: string) => Promise<SourceSites>;
}

/** One end of the comparison: the ref as given and the commit it resolved to. */
export interface ReviewEndpoint {
  /** As given (`main`, `HEAD~2`), the default branch a merge base was taken with, or "working tree". */
  ref: string;
  /** Full SHA; null for the working tree. */
  commit: string | null;
  /** True when `commit` is the merge base of `ref` and head rather than `ref` itself. */
  mergeBase: boolean;
}

export type ChangeKind = 'added' | 'modified' | 'removed' | 'moved' | 'unchanged';

/** What made a matched site "modified" (both can hold). */
export type ChangeAspect = 'init' | 'network';

/** A site in one version of the code, with its network and simulated outcome. */
export interface SiteVersion {
  /** Repository-relative path with forward slashes. */
  file: string;
  site: InitSite;
  network: SiteNetwork;
  outcome: SiteOutcome;
  /** The recommended init written in the site's idiom (after side, problem verdicts only). */
  suggestion: FixSuggestion | null;
}

export interface FixSuggestion {
  /** e.g. "Use He normal: np.random.randn(n, n) * np.sqrt(2 / n)" */
  title: string;
  /** The scheme in words, e.g. "He normal (std √(2/fan_in))". */
  label: string;
  /** Replacements in the file (a .py) or the cell's source (a notebook), 0-based lines and UTF-16 columns. */
  edits: { start: { line: number; column: number }; end: { line: number; column: number }; newText: string }[];
}

export interface ReviewedSite {
  change: ChangeKind;
  /** Why a modified site is modified: its init, its network, or both. Empty otherwise. */
  aspects: ChangeAspect[];
  before: SiteVersion | null;
  after: SiteVersion | null;
  /** The change made a verdict worse (healthy < drifting < any problem); see regression.ts. */
  regressed: boolean;
}

export interface ReviewedFile {
  /** Path at base (null: added) and at head (null: deleted), repository-relative. */
  before: string | null;
  after: string | null;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'unchanged';
}

export interface ReviewProblem extends SourceProblem {
  /** Which version the problem is in. */
  side: 'base' | 'head';
}

export interface ReviewCounts {
  added: number;
  modified: number;
  removed: number;
  moved: number;
  unchanged: number;
  regressed: number;
}

export interface ReviewReport {
  /** Absolute path of the repository's top level. */
  root: string;
  base: ReviewEndpoint;
  head: ReviewEndpoint;
  /** The .py/.ipynb files compared (changed ones; with `all`, every one). */
  files: ReviewedFile[];
  /** Sites to report, in file order: added, modified and removed always; moved and unchanged with `all`. */
  sites: ReviewedSite[];
  /** Every matched site counted, including moved and unchanged ones not listed without `all`. */
  counts: ReviewCounts;
  errors: ReviewProblem[];
  /** The defaults that filled what the code does not say. */
  defaults: NetworkDefaults;
}

/** Verdict names a CI gate can fail on, plus `regressed`. */
export type FailOnName = DirectionVerdict | 'regressed';

// Messages between the extension host and the review panel (webview). Defined once; both sides
// import it. The report travels as ReviewReportView: plain data with the CLI's own wording
// (src/cli/report/reviewPhrases.ts), so the panel says what `init-lens review` says. The host
// validates every message from the webview before use (validateFromReviewPanel).

import type { DirectionVerdict } from '../diagnose/verdict';
import type { ExportFormat } from '../panel/protocol';
import type { ChangeAspect, ChangeKind, ReviewCounts } from './types';

export const REVIEW_VIEW_TYPE = 'initLens.review';

/** One end of the comparison, in words and as data. */
export interface ReviewEndpointView {
  /** As given: "main", "HEAD~2", "working tree". */
  ref: string;
  /** Full SHA; null for the working tree. */
  commit: string | null;
  mergeBase: boolean;
  /** "main (merge base 1a2b3c4d5e6f)", "working tree" (endpointWords). */
  words: string;
}

/** A site in one version of the code: where, what init, what network, what verdicts. */
export interface ReviewSideView {
  /** Repository-relative path. */
  file: string;
  /** 1-based line (within the cell for notebooks). */
  line: number;
  /** 0-based notebook cell, or null in a .py file. */
  cell: number | null;
  /** FILE:LINE or FILE#cell N:LINE (siteLocation). */
  location: string;
  /** The first line of the site's code (codeLine). */
  code: string;
  framework: string;
  /** The scheme in words, e.g. "N(0, 0.01²)", "Xavier normal" (schemeOf). */
  scheme: string;
  /** The resolved numbers (std, gain, …) as the detector read them. */
  params: Record<string, number | string>;
  /** "10 × 500, tanh" (networkOf). */
  network: string;
  /** Verdicts, or null when the site could not be simulated. */
  forward: DirectionVerdict | null;
  backward: DirectionVerdict | null;
  /** std(a_L)/std(a_1) and std(δ_1)/std(δ_L); null when not formed or not finite. */
  forwardRatio: number | null;
  backwardRatio: number | null;
  /** The verdict's summary without its fix sentence, or "Not simulated: …" (verdictSummary). */
  summary: string;
  /** Which engine produced the verdict; null when not simulated. */
  engine: string | null;
  /** std(a_l) for l = 1..L; null where it overflowed or is not finite. Empty when not simulated. */
  stds: (number | null)[];
  /** Defaults the network relies on, in words. */
  assumptions: string[];
}

export interface ReviewSiteView {
  /** Position in `sites`: what `reveal` sends back. */
  index: number;
  change: ChangeKind;
  aspects: ChangeAspect[];
  /** "modified (init)", "moved from a.py:3", "added" (changeWords). */
  changeWords: string;
  regressed: boolean;
  /** The version a reviewer looks at: after, or before for a removed site. */
  shown: 'before' | 'after';
  before: ReviewSideView | null;
  after: ReviewSideView | null;
  /** The fix for the after version, in one line (fixWords); null when none or removed. */
  fix: string | null;
}

export interface ReviewErrorView {
  /** FILE, FILE:LINE or FILE#cell N:LINE. */
  location: string;
  side: 'before' | 'after';
  message: string;
}

/** What the panel draws: a ReviewReport reduced to plain data and the CLI's phrases. */
export interface ReviewReportView {
  /** Absolute path of the repository's top level. */
  root: string;
  base: ReviewEndpointView;
  head: ReviewEndpointView;
  counts: ReviewCounts & { changed: number };
  /** Python/notebook files the change touched. */
  filesChanged: number;
  /** "3 init sites changed (1 added, 1 modified, 1 removed), 1 regressed" (headline). */
  headline: string;
  /** Moved sites not listed, in words; null when none. */
  omitted: string | null;
  /** The defaults that filled what the code does not say, e.g. "depth 10 · width 512 · relu · batch 256". */
  defaults: string;
  sites: ReviewSiteView[];
  errors: ReviewErrorView[];
}

export type ToReviewPanel =
  /** The finished review (also the first message after 'ready' once there is one). */
  | { type: 'review'; report: ReviewReportView }
  /** What the running review is doing, e.g. "Simulating 3 of 4 networks…". */
  | { type: 'progress'; message: string }
  /** The review failed or was cancelled; the last report (if any) stays shown. */
  | { type: 'error'; message: string }
  /** Feedback on reveal / export, shown in the status line. */
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type FromReviewPanel =
  | { type: 'ready' }
  /** Jump to site `site` (an index into the report's sites). */
  | { type: 'reveal'; site: number }
  /** Save a file the webview produced: PNG as a data: URL, CSV/JSON as text. */
  | { type: 'export'; format: ExportFormat; fileName: string; data: string }
  /** Sent after each draw: table rows and charts drawn, so the host and tests know it really drew. */
  | { type: 'rendered'; rows: number; charts: number };

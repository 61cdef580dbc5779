// What the editor knows about one init site: the site, its network, the instant mean-field
// verdict (computed off the host thread by the analysis worker) and, later, the quick Monte
// Carlo refinement. Plain data: it crosses the worker boundary by structured clone.

import type { SimulationResult } from '../core/types';
import type { Verdict } from '../diagnose/verdict';
import type { SiteNetwork } from '../model/network';
import type { InitSite } from '../parse/types';

/** A text replacement in the analysed text (a document, or one notebook cell), by offset. */
export interface SourceEdit {
  from: number;
  to: number;
  newText: string;
}

/** The one-click fix: the recommended init written in the site's own framework idiom. */
export interface FixProposal {
  /** e.g. "Use He normal: nn.init.kaiming_normal_(w, nonlinearity='relu')" */
  title: string;
  /** The scheme's name in words, e.g. "He normal (std √(2/fan_in))". */
  label: string;
  edits: SourceEdit[];
}

export interface Outcome {
  result: SimulationResult;
  verdict: Verdict;
  /** In words: "mean-field", "dense Monte Carlo (batch 64, 1 draw, seed 0)". */
  engine: string;
}

export interface SiteAnalysis {
  /** Stable within a document across edits elsewhere: see siteKey(). */
  key: string;
  site: InitSite;
  network: SiteNetwork;
  /** Short name of the init, e.g. "He normal", "N(0, 0.01)". */
  initLabel: string;
  /** Instant verdict from mean-field theory; null when the site cannot be simulated or theory does not apply. */
  meanField: Outcome | null;
  /** Why there is no mean-field outcome, when there is none. */
  meanFieldNote: string | null;
  /** Quick Monte Carlo run to refine the verdict: its options, or null when too large (mean-field only). */
  quickRun: QuickRun | null;
  /** The fix as a source edit, when the verdict is a problem and the fix can be written in this framework. */
  fix: FixProposal | null;
}

export interface QuickRun {
  batch: number;
  seed: number;
}

/** The analysis of one document (or notebook), as the analysis worker returns it. */
export interface DocumentAnalysis {
  /** Document version the text came from: stale answers are dropped. */
  version: number;
  sites: SiteAnalysis[];
  /** Problems worth showing: unreadable notebook cells, bad `# init-lens:` keys. */
  problems: { line: number; cell?: number; message: string }[];
}

// The recommended init written in the site's own idiom, for a site whose verdict after the
// change is a problem: the PR comment shows the line to write, SARIF carries it as a fix.

import { writeFix } from '../analysis/fixWriter';
import { isProblem } from '../diagnose/verdict';
import { recommendedInit } from '../diagnose/fixes';
import { siteLayers, type SiteNetwork } from '../model/network';
import type { NotebookCell } from '../parse/notebook';
import type { InitSite, Position } from '../parse/types';
import type { SiteOutcome } from '../analysis/quickSimulation';
import type { FixSuggestion } from './types';

/** `source` is the whole file for .py, the notebook's cells otherwise. Null when there is nothing safe to write. */
export function suggestFix(site: InitSite, source: string, cells: readonly NotebookCell[] | null, network: SiteNetwork, outcome: SiteOutcome): FixSuggestion | null {
  const verdict = outcome.verdict;
  if (!verdict || verdict.fix === null || network.network === null) return null;
  if (!isProblem(verdict.forward) && !isProblem(verdict.backward)) return null;
  const layers = siteLayers(site, network.network.layers.length);
  if (layers.length === 0) return null;
  const activation = network.network.layers[layers[0]].activation;
  const text = cells !== null ? (cells[site.cell ?? 0]?.source ?? '') : source;
  try {
    const proposal = writeFix(site, text, recommendedInit(activation).init, activation, cells);
    if (!proposal) return null;
    const at = positionsIn(text);
    return {
      title: proposal.title,
      label: proposal.label,
      edits: proposal.edits.map((e) => ({ start: at(e.from), end: at(e.to), newText: e.newText })),
    };
  } catch {
    // A rewrite that fails is no reason to fail the review: the fix stays in words.
    return null;
  }
}

/** 0-based line and UTF-16 column of an offset. */
function positionsIn(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - starts[lo] };
  };
}

// One document (or notebook) → the editor's per-site analysis: sites, networks, the instant
// mean-field verdict, whether a quick Monte Carlo run fits, and a fix that was re-simulated
// before it is offered. Pure: runs in the analysis worker and in tests.

import { parseActivation } from '../core/activations';
import { simulate } from '../core/simulate';
import { meanFieldInapplicable } from '../core/theory';
import type { ActivationSpec, InitSpec, NetworkSpec, SimulationOptions } from '../core/types';
import { recommendedInit } from '../diagnose/fixes';
import { diagnose, isProblem, type Verdict, type VerdictThresholds } from '../diagnose/verdict';
import { describeSiteInit } from '../model/context';
import { networkForSite, siteLayers, type NetworkDefaults } from '../model/network';
import { findInitSitesInCells, type NotebookCell } from '../parse/notebook';
import { findOverrideComments } from '../parse/override';
import { findInitSites } from '../parse/sites';
import { parsePython } from '../parse/syntax';
import type { InitSite } from '../parse/types';
import { quickRunFits } from './quickRun';
import { siteKeys } from './siteKey';
import type { DocumentAnalysis, FixProposal, Outcome, SiteAnalysis } from './types';

export type AnalysisInput = { kind: 'python'; text: string } | { kind: 'notebook'; cells: NotebookCell[] };

export interface AnalysisSettings {
  depth: number;
  width: number;
  activation: string;
  batch: number;
  seed: number;
  thresholds: VerdictThresholds;
}

/**
 * Writes the recommended init at a site in its framework's idiom (src/edit), or null. `cells` are
 * the notebook's cells when the site is in one (imports in other cells count).
 */
export type FixWriter = (site: InitSite, source: string, init: InitSpec, activation: ActivationSpec, cells: readonly NotebookCell[] | null) => FixProposal | null;

/** Text larger than this is not analysed (a file this size is generated, not written). */
export const MAX_ANALYSED_CHARS = 2_000_000;

export function analyseSource(input: AnalysisInput, settings: AnalysisSettings, writeFix: FixWriter | null): Omit<DocumentAnalysis, 'version'> {
  const size = input.kind === 'python' ? input.text.length : input.cells.reduce((n, c) => n + c.source.length, 0);
  if (size > MAX_ANALYSED_CHARS) {
    return { sites: [], problems: [{ line: 0, message: `Init Lens skips documents over ${MAX_ANALYSED_CHARS / 1e6} M characters (this one has ${(size / 1e6).toFixed(1)} M)` }] };
  }
  const defaults: NetworkDefaults = {
    depth: settings.depth,
    width: settings.width,
    activation: parseActivation(settings.activation),
    batch: settings.batch,
  };
  const sites = input.kind === 'python' ? findInitSites(input.text) : findInitSitesInCells(input.cells);
  const sourceOf = (site: InitSite) => (input.kind === 'python' ? input.text : (input.cells[site.cell ?? 0]?.source ?? ''));
  const keys = siteKeys(sites);
  return {
    sites: sites.map((site, i) => analyseSite(site, keys[i], sourceOf(site), input.kind === 'notebook' ? input.cells : null, defaults, settings, writeFix)),
    problems: overrideProblems(input),
  };
}

function analyseSite(site: InitSite, key: string, source: string, cells: readonly NotebookCell[] | null, defaults: NetworkDefaults, settings: AnalysisSettings, writeFix: FixWriter | null): SiteAnalysis {
  const network = networkForSite(site, defaults);
  const analysis: SiteAnalysis = {
    key,
    site,
    network,
    initLabel: describeSiteInit(site),
    meanField: null,
    meanFieldNote: null,
    quickRun: null,
    fix: null,
  };
  const spec = network.network;
  if (spec === null) {
    analysis.meanFieldNote = network.reason;
    return analysis;
  }
  analysis.quickRun = quickRunFits(spec, network.batch) ? { batch: network.batch, seed: settings.seed } : null;
  const theory = meanFieldOutcome(spec, network.batch, settings.thresholds);
  if ('note' in theory) analysis.meanFieldNote = theory.note;
  else analysis.meanField = theory;

  const verdict = analysis.meanField?.verdict ?? symmetricVerdict(spec, network.batch, settings.thresholds);
  if (verdict && writeFix && (isProblem(verdict.forward) || isProblem(verdict.backward))) {
    analysis.fix = verifiedFix(site, source, cells, spec, network.batch, settings.thresholds, writeFix);
  }
  return analysis;
}

function options(batch: number, engine: SimulationOptions['engine']): SimulationOptions {
  return { batch, seeds: 1, seed: 0, rng: 'xoshiro', engine, bins: 20 };
}

export function meanFieldOutcome(network: NetworkSpec, batch: number, thresholds: VerdictThresholds): Outcome | { note: string } {
  const inapplicable = meanFieldInapplicable(network);
  if (inapplicable !== null) return { note: `mean-field does not apply: ${inapplicable}` };
  try {
    const result = simulate(network, options(batch, 'mean-field'));
    return { result, verdict: diagnose(result, thresholds), engine: 'mean-field' };
  } catch (error) {
    return { note: `mean-field failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A constant init has no mean-field; its verdict (symmetric) needs no simulation beyond one tiny draw. */
function symmetricVerdict(network: NetworkSpec, batch: number, thresholds: VerdictThresholds): Verdict | null {
  if (!meanFieldInapplicable(network)?.includes('deterministic constant')) return null;
  if (!quickRunFits(network, batch)) return null;
  return diagnose(simulate(network, options(batch, 'dense')), thresholds);
}

/**
 * The fix for the site's own layers, offered only when the network with it applied is healthy
 * or merely drifting by mean-field (or, where theory does not apply, by one quick draw).
 */
function verifiedFix(site: InitSite, source: string, cells: readonly NotebookCell[] | null, network: NetworkSpec, batch: number, thresholds: VerdictThresholds, writeFix: FixWriter): FixProposal | null {
  const layers = siteLayers(site, network.layers.length);
  if (layers.length === 0) return null;
  const activation = network.layers[layers[0]].activation;
  const init = recommendedInit(activation).init;
  const fixed: NetworkSpec = { ...network, layers: network.layers.map((l, i) => (layers.includes(i) ? { ...l, init } : l)) };
  const theory = meanFieldOutcome(fixed, batch, thresholds);
  let verdict: Verdict | null = 'note' in theory ? null : theory.verdict;
  if (verdict === null && quickRunFits(fixed, batch)) verdict = diagnose(simulate(fixed, options(batch, 'dense')), thresholds);
  if (verdict === null || isProblem(verdict.forward) || isProblem(verdict.backward)) return null;
  return writeFix(site, source, init, activation, cells);
}

function overrideProblems(input: AnalysisInput): DocumentAnalysis['problems'] {
  const texts = input.kind === 'python' ? [{ text: input.text, cell: undefined }] : input.cells.map((c, i) => ({ text: c.kind === 'code' ? c.source : '', cell: i }));
  const problems: DocumentAnalysis['problems'] = [];
  for (const { text, cell } of texts) {
    if (!text.toLowerCase().includes('init-lens:')) continue;
    for (const comment of findOverrideComments(parsePython(text))) {
      for (const message of comment.errors) problems.push({ line: comment.line, ...(cell !== undefined ? { cell } : {}), message: `init-lens comment: ${message}` });
    }
  }
  return problems;
}

// A ReviewReport as the review panel draws it: plain data (it is posted to the webview and saved
// with it) in the CLI's words (reviewPhrases.ts), so the panel and `init-lens review` agree.
// Pure: no vscode, no I/O.

import { location } from '../cli/report/checkText';
import {
  activationLabel, changeWords, codeLine, endpointWords, finiteOrNull, fixWords, headline, networkOf, omittedWords, schemeOf, siteLocation, verdictSummary,
} from '../cli/report/reviewPhrases';
import type { ReviewEndpointView, ReviewReportView, ReviewSideView, ReviewSiteView } from '../review/panelProtocol';
import type { ReviewEndpoint, ReviewReport, ReviewedSite, SiteVersion } from '../review/types';

export function reviewReportView(report: ReviewReport): ReviewReportView {
  const { counts, defaults } = report;
  return {
    root: report.root,
    base: endpointView(report.base),
    head: endpointView(report.head),
    counts: { ...counts, changed: counts.added + counts.modified + counts.removed },
    filesChanged: report.files.filter((f) => f.status !== 'unchanged').length,
    headline: headline(report),
    omitted: omittedWords(report),
    defaults: `depth ${defaults.depth} · width ${defaults.width} · ${activationLabel(defaults.activation)} · batch ${defaults.batch}`,
    sites: report.sites.map(siteView),
    errors: report.errors.map((e) => ({ location: location(e.file, e.cell, e.line), side: e.side === 'base' ? 'before' : 'after', message: e.message })),
  };
}

function endpointView(endpoint: ReviewEndpoint): ReviewEndpointView {
  return { ref: endpoint.ref, commit: endpoint.commit, mergeBase: endpoint.mergeBase, words: endpointWords(endpoint) };
}

function siteView(site: ReviewedSite, index: number): ReviewSiteView {
  return {
    index,
    change: site.change,
    aspects: [...site.aspects],
    changeWords: changeWords(site),
    regressed: site.regressed,
    shown: site.after ? 'after' : 'before',
    before: site.before ? sideView(site.before) : null,
    after: site.after ? sideView(site.after) : null,
    fix: site.after && site.change !== 'removed' ? fixWords(site.after) : null,
  };
}

function sideView(v: SiteVersion): ReviewSideView {
  const { site, outcome } = v;
  const verdict = outcome.verdict;
  return {
    file: v.file,
    line: site.range.start.line + 1,
    cell: site.cell ?? null,
    location: siteLocation(v),
    code: codeLine(v),
    framework: site.framework,
    scheme: schemeOf(v),
    params: { ...site.params },
    network: networkOf(v),
    forward: verdict ? verdict.forward : null,
    backward: verdict ? verdict.backward : null,
    forwardRatio: verdict ? finiteOrNull(verdict.forwardRatio) : null,
    backwardRatio: verdict ? finiteOrNull(verdict.backwardRatio) : null,
    summary: verdictSummary(v),
    engine: verdict ? outcome.engine : null,
    stds: verdict ? outcome.stds.map(finiteOrNull) : [],
    assumptions: [...v.network.assumptions],
  };
}


/** The summary the command returns (and tests read): sites listed and regressed. */
export function reviewSummary(view: ReviewReportView): { sites: number; regressed: number } {
  return { sites: view.sites.length, regressed: view.counts.regressed };
}

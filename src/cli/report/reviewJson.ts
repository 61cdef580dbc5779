// The `review --format json` object: base and head, then every reported site with its version
// before and after the change (null where it did not exist), for CI scripts and bots.

import { describeSiteInit } from '../../model/context';
import { describeNetwork } from '../../model/network';
import type { ReviewReport, ReviewedSite, SiteVersion } from '../../review/types';
import { activationLabel, finiteOrNull, shownVersion } from './reviewPhrases';

export function reviewJson(report: ReviewReport) {
  const { defaults } = report;
  return {
    base: report.base,
    head: report.head,
    summary: { ...report.counts, changed: report.counts.added + report.counts.modified + report.counts.removed },
    defaults: { depth: defaults.depth, width: defaults.width, activation: activationLabel(defaults.activation), batch: defaults.batch },
    files: report.files,
    sites: report.sites.map(siteJson),
    errors: report.errors,
  };
}

function siteJson(site: ReviewedSite) {
  const shown = shownVersion(site);
  return {
    file: shown.file,
    // 1-based, as editors print them; within the cell for notebooks ("cell" is 0-based).
    line: shown.site.range.start.line + 1,
    ...(shown.site.cell !== undefined ? { cell: shown.site.cell } : {}),
    change: site.change,
    aspects: site.aspects,
    before: site.before ? versionJson(site.before) : null,
    after: site.after ? versionJson(site.after) : null,
    regressed: site.regressed,
  };
}

function versionJson(v: SiteVersion) {
  const { site, network, outcome } = v;
  const verdict = outcome.verdict;
  return {
    file: v.file,
    line: site.range.start.line + 1,
    endLine: site.range.end.line + 1,
    column: site.range.start.column + 1,
    endColumn: site.range.end.column + 1,
    ...(site.cell !== undefined ? { cell: site.cell } : {}),
    code: site.text,
    framework: site.framework,
    scheme: site.init.scheme,
    description: describeSiteInit(site),
    params: site.params,
    implicit: site.implicit,
    ...(site.target !== undefined ? { target: site.target } : {}),
    ...(site.override !== undefined ? { override: site.override } : {}),
    network: { ...network.summary, description: describeNetwork(network.summary), batch: network.batch },
    assumptions: network.assumptions,
    verdict: verdict
      ? {
          forward: verdict.forward,
          backward: verdict.backward,
          forwardRatio: finiteOrNull(verdict.forwardRatio),
          backwardRatio: finiteOrNull(verdict.backwardRatio),
          summary: outcome.meanFieldGap ? `${verdict.summary} ${outcome.meanFieldGap}` : verdict.summary,
        }
      : // Not simulated: the same shape, with the reason where the summary goes.
        { forward: null, backward: null, forwardRatio: null, backwardRatio: null, summary: `Not simulated: ${outcome.reason}` },
    engine: verdict ? outcome.engine : null,
    // Per-layer std(a_l), l = 1..L; null where it overflowed.
    stds: verdict ? outcome.stds.map(finiteOrNull) : [],
    fix: verdict?.fix
      ? {
          scheme: verdict.fix.scheme,
          label: verdict.fix.label,
          expected: verdict.fix.expected,
          ...(v.suggestion ? { code: v.suggestion.title, edits: v.suggestion.edits } : {}),
        }
      : null,
  };
}


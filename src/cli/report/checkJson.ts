// The `check --json` object: { files, sites, errors }, one stable shape for CI scripts.

import { describeSiteInit } from '../../model/context';
import type { CheckReport, CheckedSite } from '../checkCommand';

export function checkJson(report: CheckReport) {
  return {
    files: report.files,
    sites: report.sites.map(siteJson),
    errors: report.errors,
  };
}

function siteJson({ site, network, outcome }: CheckedSite) {
  return {
    file: site.file,
    // 1-based, as editors and compilers print them; within the cell for notebooks.
    line: site.range.start.line + 1,
    endLine: site.range.end.line + 1,
    ...(site.cell !== undefined ? { cell: site.cell } : {}),
    framework: site.framework,
    scheme: site.init.scheme,
    description: describeSiteInit(site),
    params: site.params,
    implicit: site.implicit,
    ...(site.target !== undefined ? { target: site.target } : {}),
    ...(site.override !== undefined ? { override: site.override } : {}),
    network: network.summary,
    assumptions: network.assumptions,
    verdict: outcome.verdict
      ? {
          forward: outcome.verdict.forward,
          backward: outcome.verdict.backward,
          forwardRatio: outcome.verdict.forwardRatio,
          backwardRatio: outcome.verdict.backwardRatio,
          summary: outcome.meanFieldGap ? `${outcome.verdict.summary} ${outcome.meanFieldGap}` : outcome.verdict.summary,
          fix: outcome.verdict.fix,
          engine: outcome.engine,
        }
      : // Not simulated: the same shape, with the reason where the summary goes.
        { forward: null, backward: null, forwardRatio: null, backwardRatio: null, summary: `Not simulated: ${outcome.reason}`, fix: null, engine: null },
  };
}

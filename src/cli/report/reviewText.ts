// The readable `init-lens review` report: one block per site with before and after side by
// side, then errors and the summary line.

import { formatNumber } from '../../diagnose/verdict';
import type { ReviewReport, ReviewedSite, SiteVersion } from '../../review/types';
import { location } from './checkText';
import { changeWords, codeLine, endpointWords, fixWords, headline, networkOf, omittedWords, schemeOf, shownVersion, siteLocation, verdictOf, verdictSummary } from './reviewPhrases';

const INDENT = '    ';

export function reviewText(report: ReviewReport): string {
  const out: string[] = [`Init Lens review: ${endpointWords(report.base)} → ${endpointWords(report.head)}`, ''];
  for (const site of report.sites) out.push(...siteBlock(site), '');
  if (report.errors.length > 0) {
    for (const e of report.errors) out.push(`${location(e.file, e.cell, e.line)}: error (${e.side === 'base' ? 'before' : 'after'}): ${e.message}`);
    out.push('');
  }
  const files = report.files.filter((f) => f.status !== 'unchanged').length;
  const omitted = omittedWords(report);
  out.push(`${files} Python/notebook ${files === 1 ? 'file' : 'files'} changed: ${headline(report)}${omitted ? `; ${omitted}` : ''}.`);
  return `${out.join('\n')}\n`;
}

function siteBlock(site: ReviewedSite): string[] {
  const shown = shownVersion(site);
  const lines = [`${siteLocation(shown)}  ${codeLine(shown)}`, `${INDENT}${pad(site.regressed ? 'REGRESSED' : 'change')}${changeWords(site)}`];
  if (site.before) lines.push(...side('before', site.before));
  if (site.after) lines.push(...side('after', site.after));
  for (const a of shown.network.assumptions) lines.push(`${INDENT}${pad('assumed')}${a}`);
  if (site.after && site.change !== 'removed') {
    const fix = fixWords(site.after);
    if (fix) lines.push(`${INDENT}${pad('fix')}${fix}`);
  }
  return lines;
}

function side(label: string, v: SiteVersion): string[] {
  const lines = [`${INDENT}${pad(label)}${schemeOf(v)} · ${networkOf(v)}`];
  const o = v.outcome;
  if (!o.verdict) {
    lines.push(`${INDENT}${pad('')}not simulated: ${o.reason}`);
    return lines;
  }
  const ratios = [o.verdict.forwardRatio, o.verdict.backwardRatio].map((r) => (r === null ? 'n/a' : formatNumber(r)));
  lines.push(`${INDENT}${pad('')}forward ${verdictOf(v, 'forward')} (ratio ${ratios[0]}), backward ${verdictOf(v, 'backward')} (ratio ${ratios[1]})`);
  lines.push(`${INDENT}${pad('')}${verdictSummary(v)}`);
  return lines;
}

function pad(label: string): string {
  return label.padEnd(10);
}

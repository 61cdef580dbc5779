// `review --format github`: GitHub Actions workflow commands, one annotation per site whose
// verdict after the change is a problem (`::error` when the change made it worse, `::warning`
// otherwise), warnings for files that could not be read, and a closing `::notice` summary.
// Notebook lines are cell-relative and would land on the wrong JSON line, so a notebook's
// annotation names the cell in its message and points at the file only.

import { primaryProblem, problemSites } from '../../review/regression';
import type { ReviewReport, ReviewedSite, SiteVersion } from '../../review/types';
import { changeWords, endpointWords, fixWords, headline, networkOf, omittedWords, schemeOf, verdictOf, verdictSummary } from './reviewPhrases';

export function reviewGithub(report: ReviewReport): string {
  const out: string[] = [];
  for (const site of problemSites(report)) out.push(annotation(site));
  for (const e of report.errors.filter((x) => x.side === 'head')) {
    const line: Record<string, string> = e.cell === undefined && e.line !== undefined ? { line: String(e.line) } : {};
    const where = e.cell !== undefined ? `cell ${e.cell + 1}${e.line !== undefined ? `, line ${e.line}` : ''}: ` : '';
    out.push(command('warning', { file: e.file, ...line, title: 'Init Lens: could not read' }, `${where}${e.message}`));
  }
  const omitted = omittedWords(report);
  out.push(command('notice', { title: 'Init Lens review' }, `${headline(report)} (${endpointWords(report.base)} → ${endpointWords(report.head)})${omitted ? `; ${omitted}` : ''}.`));
  return `${out.join('\n')}\n`;
}

function annotation(site: ReviewedSite): string {
  const after = site.after as SiteVersion;
  const { range, cell } = after.site;
  const place =
    cell === undefined
      ? { line: String(range.start.line + 1), endLine: String(range.end.line + 1), ...(range.start.line === range.end.line ? { col: String(range.start.column + 1), endColumn: String(range.end.column + 1) } : {}) }
      : {};
  const verdict = primaryProblem(after.outcome);
  const was = site.before ? ` (was forward ${verdictOf(site.before, 'forward')}, backward ${verdictOf(site.before, 'backward')})` : '';
  const lines = [
    `${cell !== undefined ? `Cell ${cell + 1}, line ${range.start.line + 1}: ` : ''}${schemeOf(after)} · ${networkOf(after)}: forward ${verdictOf(after, 'forward')}, backward ${verdictOf(after, 'backward')}${was}; ${changeWords(site)}.`,
    ...(after.outcome.verdict ? [verdictSummary(after)] : []),
  ];
  const fix = fixWords(after);
  if (fix) lines.push(`Fix: ${fix}`);
  return command(site.regressed ? 'error' : 'warning', { file: after.file, ...place, title: `Init Lens: ${verdict}${site.regressed ? ' (regressed)' : ''}` }, lines.join('\n'));
}

/** `::name key=value,...::message`, escaped as GitHub's runner unescapes it. */
export function command(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

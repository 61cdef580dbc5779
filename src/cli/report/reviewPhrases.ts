// Words every review format shares: where a site is, its scheme and verdicts, what changed,
// and the one-line summary, so text, Markdown, SARIF and annotations say the same thing.

import { getActivation } from '../../core/activations';
import { formatNumber } from '../../diagnose/verdict';
import { describeSiteInit } from '../../model/context';
import { describeNetwork } from '../../model/network';
import type { ReviewEndpoint, ReviewReport, ReviewedSite, SiteVersion } from '../../review/types';
import { location } from './checkText';

/** The version a reviewer looks at: after the change, or before it for a removed site. */
export function shownVersion(site: ReviewedSite): SiteVersion {
  return (site.after ?? site.before) as SiteVersion;
}

/** FILE:LINE or FILE#cell N:LINE (cells counted from 1), 1-based lines. */
export function siteLocation(version: SiteVersion): string {
  return location(version.file, version.site.cell, version.site.range.start.line + 1);
}

export function schemeOf(version: SiteVersion | null): string {
  return version ? describeSiteInit(version.site) : '—';
}

export function networkOf(version: SiteVersion | null): string {
  return version ? describeNetwork(version.network.summary) : '—';
}

/** "vanishing" / "healthy", or "not simulated" / "—" when there is no verdict or no version. */
export function verdictOf(version: SiteVersion | null, direction: 'forward' | 'backward'): string {
  if (!version) return '—';
  return version.outcome.verdict ? version.outcome.verdict[direction] : 'not simulated';
}

/** "modified (network)", "moved from a.py:3", "added". */
export function changeWords(site: ReviewedSite): string {
  if (site.change === 'modified') return `modified (${site.aspects.join(' and ')})`;
  if (site.change === 'moved' && site.before) return `moved from ${siteLocation(site.before)}`;
  return site.change;
}

/** The first line of a site's code, shortened for one line of a report. */
export function codeLine(version: SiteVersion): string {
  const text = version.site.text;
  const first = text.split('\n')[0].trim();
  const more = text.includes('\n') ? ' …' : '';
  return first.length > 100 ? `${first.slice(0, 99)}…` : first + more;
}

/** The fix for a version's verdict: the scheme in words, the code to write (when it could be written) and what mean-field expects of it. */
export function fixParts(version: SiteVersion): { label: string; code: string | null; expected: string | null } | null {
  const fix = version.outcome.verdict?.fix;
  if (!fix) return null;
  const code = version.suggestion ? version.suggestion.title.replace(/^Use [^:]*: /, '') : null;
  const expected = fix.expected ? `mean-field predicts forward ratio ${formatNumber(fix.expected.forwardRatio)}, backward ${formatNumber(fix.expected.backwardRatio)}` : null;
  return { label: fix.label, code, expected };
}

/** The fix in one line of plain text. */
export function fixWords(version: SiteVersion): string | null {
  const parts = fixParts(version);
  if (!parts) return null;
  return `${parts.label}${parts.code ? `: ${parts.code}` : ''}${parts.expected ? ` (${parts.expected})` : ''}`;
}

/** A verdict's summary without its closing "Fix: …" sentence (reports state the fix on its own). */
export function verdictSummary(version: SiteVersion): string {
  const o = version.outcome;
  if (!o.verdict) return `Not simulated: ${o.reason}`;
  const summary = o.verdict.summary.replace(/ Fix: .*$/s, '');
  return o.meanFieldGap ? `${summary} ${o.meanFieldGap}` : summary;
}

/** "main (merge base 1a2b3c4d5e6f)", "HEAD~1 (1a2b3c4d5e6f)", "working tree". */
export function endpointWords(endpoint: ReviewEndpoint): string {
  if (endpoint.commit === null) return endpoint.ref;
  const short = endpoint.commit.slice(0, 12);
  return endpoint.mergeBase ? `${endpoint.ref} (merge base ${short})` : `${endpoint.ref} (${short})`;
}

/** "3 init sites changed (1 added, 1 modified, 1 removed), 1 regressed" */
export function headline(report: ReviewReport): string {
  const { added, modified, removed, regressed } = report.counts;
  const changed = added + modified + removed;
  const parts = (
    [
      ['added', added],
      ['modified', modified],
      ['removed', removed],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const sites = `${changed} init ${changed === 1 ? 'site' : 'sites'} changed`;
  return `${sites}${parts.length > 1 ? ` (${parts.join(', ')})` : ''}, ${regressed} regressed`;
}

/** Sites the report leaves out (without --all), said so rather than silently dropped. */
export function omittedWords(report: ReviewReport): string | null {
  const listed = report.sites.some((s) => s.change === 'moved' || s.change === 'unchanged');
  if (listed || report.counts.moved === 0) return null;
  return `${report.counts.moved} moved ${report.counts.moved === 1 ? 'site' : 'sites'} not shown (identical init and network; --all lists them)`;
}

/** A ratio or std for JSON: non-finite values (overflow) become null. */
export function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/** The activation's label, or its bare name when the spec is invalid (the report still shows it). */
export function activationLabel(spec: ReviewReport['defaults']['activation']): string {
  try {
    return getActivation(spec).label;
  } catch {
    return spec.name;
  }
}

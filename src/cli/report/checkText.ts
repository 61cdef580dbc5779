// The readable `init-lens check` report: one block per site, then errors and a tally.

import { getActivation } from '../../core/activations';
import { describeSiteInit } from '../../model/context';
import { describeNetwork } from '../../model/network';
import type { ContextOverride } from '../../parse/types';
import type { CheckError, CheckReport, CheckedSite } from '../checkCommand';

const INDENT = '    ';

export function checkText(report: CheckReport): string {
  const out: string[] = [];
  for (const checked of report.sites) out.push(...siteBlock(checked), '');
  if (report.errors.length > 0) {
    for (const e of report.errors) out.push(`${location(e.file, e.cell, e.line)}: error: ${e.message}`);
    out.push('');
  }
  out.push(tally(report));
  return `${out.join('\n')}\n`;
}

function siteBlock({ site, network, outcome }: CheckedSite): string[] {
  const lines = [`${location(site.file, site.cell, site.range.start.line + 1)}  ${firstLine(site.text)}`];
  const implicit = site.implicit ? ', implicit default' : '';
  lines.push(`${INDENT}init      ${describeSiteInit(site)} · ${site.framework}${implicit}`);
  lines.push(`${INDENT}network   ${describeNetwork(network.summary)}`);
  if (site.override) lines.push(`${INDENT}override  ${describeOverride(site.override)} (# init-lens comment)`);
  for (const a of network.assumptions) lines.push(`${INDENT}assumed   ${a}`);
  if (!outcome.verdict) {
    lines.push(`${INDENT}verdict   not simulated: ${outcome.reason}`);
    return lines;
  }
  const v = outcome.verdict;
  lines.push(`${INDENT}verdict   forward ${v.forward}, backward ${v.backward}`);
  lines.push(`${INDENT}          ${v.summary}`);
  if (outcome.meanFieldGap) lines.push(`${INDENT}          ${outcome.meanFieldGap}`);
  lines.push(`${INDENT}engine    ${outcome.engine}`);
  return lines;
}

function describeOverride(override: ContextOverride): string {
  const parts: string[] = [];
  if (override.depth !== undefined) parts.push(`depth ${override.depth}`);
  if (override.width !== undefined) parts.push(`width ${override.width}`);
  if (override.activation !== undefined) parts.push(`activation ${getActivation(override.activation).label}`);
  if (override.batch !== undefined) parts.push(`batch ${override.batch}`);
  return parts.join(', ');
}

/** FILE:LINE, or FILE#cell N:LINE for notebooks (cells counted from 1, as people count). */
export function location(file: string, cell: number | undefined, line: number | undefined): string {
  const where = cell === undefined ? file : `${file}#cell ${cell + 1}`;
  return line === undefined ? where : `${where}:${line}`;
}

function firstLine(text: string): string {
  const first = text.split('\n')[0].trim();
  const more = text.includes('\n') ? ' …' : '';
  return first.length > 100 ? `${first.slice(0, 99)}…` : first + more;
}

const TALLY_ORDER = ['symmetric', 'exploding', 'vanishing', 'dead', 'saturating', 'drifting', 'healthy', 'not simulated'];

function tally(report: CheckReport): string {
  const counts = new Map<string, number>(TALLY_ORDER.map((k) => [k, 0]));
  for (const { outcome } of report.sites) {
    const key = !outcome.verdict
      ? 'not simulated'
      : outcome.verdict.forward !== 'healthy'
        ? outcome.verdict.forward
        : outcome.verdict.backward;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const files = `${report.files} ${report.files === 1 ? 'file' : 'files'}`;
  const sites = `${report.sites.length} init ${report.sites.length === 1 ? 'site' : 'sites'}`;
  const parts = [...counts].filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  const errors = errorCount(report.errors);
  return `Checked ${files}: ${sites}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${errors}.`;
}

function errorCount(errors: readonly CheckError[]): string {
  return errors.length === 0 ? '' : `; ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`;
}

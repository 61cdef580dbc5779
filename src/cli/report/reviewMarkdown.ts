// The `review --format markdown` report, written for a pull-request comment: a hidden marker
// (so a workflow can find and update its previous comment), a one-line summary, a table of the
// changed sites, and per changed site a Mermaid xychart-beta of per-layer std before vs after,
// which GitHub renders. GitHub caps comments at 65 536 characters; charts past a budget are left
// out, said so.

import type { ReviewReport, ReviewedSite, SiteVersion } from '../../review/types';
import { isProblem, type DirectionVerdict } from '../../diagnose/verdict';
import { isChange } from '../../review/regression';
import { changeWords, endpointWords, fixParts, headline, networkOf, omittedWords, schemeOf, shownVersion, siteLocation, verdictOf, verdictSummary } from './reviewPhrases';

export const REVIEW_MARKER = '<!-- init-lens-review -->';

/** Stay well under GitHub's 65 536-character comment limit. */
const MAX_CHARS = 60_000;
const MAX_ROWS = 200;
/** Points per chart: deep nets are sampled evenly, first and last layer kept. */
export const MAX_CHART_POINTS = 60;
/** Series colours (xychart-beta has no legend: the caption names them). */
const BEFORE_COLOUR = '#8c959f';
const AFTER_COLOUR = '#0969da';

export function reviewMarkdown(report: ReviewReport): string {
  const out: string[] = [REVIEW_MARKER, '## Init Lens review', ''];
  const omitted = omittedWords(report);
  out.push(`**${headline(report)}** — ${inline(endpointWords(report.base))} → ${inline(endpointWords(report.head))}${omitted ? `; ${omitted}` : ''}.`, '');
  if (report.sites.length > 0) {
    out.push('| Site | Change | Scheme (before → after) | Forward | Backward |', '|---|---|---|---|---|');
    for (const site of report.sites.slice(0, MAX_ROWS)) out.push(row(site));
    if (report.sites.length > MAX_ROWS) out.push('', `_${report.sites.length - MAX_ROWS} more sites not listed; \`init-lens review --format json\` has them all._`);
    out.push('');
  } else {
    out.push('No initialization code changed.', '');
  }
  if (report.errors.length > 0) {
    out.push('<details><summary>Files that could not be read completely</summary>', '');
    for (const e of report.errors) out.push(`- ${inline(`${e.file}${e.cell !== undefined ? `#cell ${e.cell + 1}` : ''}${e.line !== undefined ? `:${e.line}` : ''}`)} (${e.side === 'base' ? 'before' : 'after'}): ${escapeText(e.message)}`);
    out.push('', '</details>', '');
  }
  let length = out.join('\n').length;
  let skipped = 0;
  for (const site of report.sites.filter(isChange)) {
    const section = details(site);
    if (length + section.length > MAX_CHARS) {
      skipped++;
      continue;
    }
    out.push(section);
    length += section.length + 1;
  }
  if (skipped > 0) out.push(`_${skipped} more ${skipped === 1 ? 'chart' : 'charts'} left out to keep this comment within GitHub's size limit._`, '');
  out.push('<sub>Simulated by Init Lens from the code as written (it reads the code, it never runs it). Std ratios judge each direction: healthy 0.5–2, drifting 0.1–0.5 or 2–10, vanishing < 0.1, exploding > 10.</sub>');
  return `${out.join('\n')}\n`;
}

function row(site: ReviewedSite): string {
  const shown = shownVersion(site);
  const same = site.before !== null && site.after !== null && schemeOf(site.before) === schemeOf(site.after);
  const scheme = same ? schemeOf(site.after) : `${schemeOf(site.before)} → ${schemeOf(site.after)}`;
  const change = `${escapeText(changeWords(site))}${site.regressed ? ' ⚠️ **regressed**' : ''}`;
  return `| ${cell(inline(siteLocation(shown)))} | ${cell(change)} | ${cell(escapeText(scheme))} | ${verdicts(site, 'forward')} | ${verdicts(site, 'backward')} |`;
}

function verdicts(site: ReviewedSite, direction: 'forward' | 'backward'): string {
  const word = (v: SiteVersion | null) => {
    const text = verdictOf(v, direction);
    return v?.outcome.verdict && isProblem(v.outcome.verdict[direction] as DirectionVerdict) ? `**${text}**` : text;
  };
  if (site.before && site.after && verdictOf(site.before, direction) === verdictOf(site.after, direction)) return word(site.after);
  return `${word(site.before)} → ${word(site.after)}`;
}

/** One site's section: what changed, the chart, the verdicts in words and the fix. */
function details(site: ReviewedSite): string {
  const shown = shownVersion(site);
  const open = site.regressed ? ' open' : '';
  const summary = `<code>${escapeHtml(siteLocation(shown))}</code> — ${escapeHtml(changeWords(site))}${site.regressed ? ' — regressed' : ''}`;
  const lines = [`<details${open}><summary>${summary}</summary>`, ''];
  const code = [site.before && `before: ${inline(oneLine(site.before.site.text))}`, site.after && `after: ${inline(oneLine(site.after.site.text))}`].filter(Boolean);
  if (site.before && site.after && site.before.site.text === site.after.site.text) lines.push(`Code: ${inline(oneLine(site.after.site.text))} (unchanged line; the network around it changed)`, '');
  else lines.push(code.join(' · '), '');
  lines.push(...charts(site));
  for (const [label, v] of [
    ['Before', site.before],
    ['After', site.after],
  ] as const) {
    if (!v) continue;
    lines.push(`- **${label}** (${escapeText(schemeOf(v))} · ${escapeText(networkOf(v))}): ${escapeText(verdictSummary(v))}`);
  }
  const fix = site.after ? fixParts(site.after) : null;
  if (fix && site.after?.outcome.verdict && (isProblem(site.after.outcome.verdict.forward) || isProblem(site.after.outcome.verdict.backward))) {
    lines.push(`- **Fix:** ${escapeText(fix.label)}${fix.code ? `: ${inline(oneLine(fix.code))}` : ''}${fix.expected ? ` (${escapeText(fix.expected)})` : ''}`);
  }
  const assumptions = shown.network.assumptions;
  if (assumptions.length > 0) lines.push(`- Assumed: ${assumptions.map(escapeText).join('; ')}`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}

interface Series {
  label: 'before' | 'after';
  stds: number[];
}

/** One chart with both lines when the depths agree, else one chart per version. */
function charts(site: ReviewedSite): string[] {
  const series: Series[] = [];
  if (site.before?.outcome.verdict && site.before.outcome.stds.length > 0) series.push({ label: 'before', stds: site.before.outcome.stds });
  if (site.after?.outcome.verdict && site.after.outcome.stds.length > 0) series.push({ label: 'after', stds: site.after.outcome.stds });
  if (series.length === 0) return [];
  const groups = series.length === 2 && series[0].stds.length === series[1].stds.length ? [series] : series.map((s) => [s]);
  return groups.flatMap((group) => [caption(group), '', '```mermaid', xyChart(group), '```', '']);
}

function caption(group: readonly Series[]): string {
  const colour = (s: Series) => (s.label === 'before' ? 'grey' : 'blue');
  const names = group.map((s) => `${colour(s)}: ${s.label}`).join(', ');
  const depth = group[0].stds.length;
  const sampled = depth > MAX_CHART_POINTS ? ` (${MAX_CHART_POINTS} of ${depth} layers, evenly spaced)` : '';
  return `_log10 std of the activations per layer${sampled} — ${names}._`;
}

/** A Mermaid xychart-beta block: plain decimals only (its grammar has no exponents, NaN or Infinity). */
export function xyChart(group: readonly Series[]): string {
  const depth = group[0].stds.length;
  const layers = sampleLayers(depth, MAX_CHART_POINTS);
  const logs = group.map((s) => layers.map((i) => s.stds[i]).map(log10OrNaN));
  const finite = logs.flat().filter(Number.isFinite);
  const lowest = finite.length > 0 ? Math.min(...finite) : 0;
  const highest = finite.length > 0 ? Math.max(...finite) : 0;
  // Zero (everything died or underflowed) sits at the bottom edge, an overflow at the top.
  const floor = Math.floor(lowest) - 1;
  const ceiling = Math.ceil(highest) + 1;
  const values = logs.map((series, k) => series.map((x, j) => (Number.isFinite(x) ? x : group[k].stds[layers[j]] > 0 ? ceiling : floor)));
  const all = values.flat();
  const yMin = Math.floor(Math.min(...all));
  let yMax = Math.ceil(Math.max(...all));
  if (yMax <= yMin) yMax = yMin + 1;
  const palette = group.map((s) => (s.label === 'before' ? BEFORE_COLOUR : AFTER_COLOUR)).join(', ');
  return [
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `    title "std(a) per layer, ${group.map((s) => s.label).join(' vs ')}"`,
    `    x-axis "layer" [${layers.map((i) => i + 1).join(', ')}]`,
    `    y-axis "log10 std(a)" ${decimal(yMin)} --> ${decimal(yMax)}`,
    ...values.map((series) => `    line [${series.map(decimal).join(', ')}]`),
  ].join('\n');
}

/** `count` indices in 0..n-1, evenly spaced, first and last included. */
export function sampleLayers(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (let k = 0; k < count; k++) picked.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b);
}

function log10OrNaN(std: number): number {
  return std > 0 && Number.isFinite(std) ? Math.max(-300, Math.min(300, Math.log10(std))) : NaN;
}

/** Up to three decimals, never an exponent, never "-0". */
export function decimal(x: number): string {
  const text = x.toFixed(3).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

/** Inline code that survives backticks in the text and table pipes. */
function inline(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Table cells: a pipe would end the cell, a newline the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Text that Markdown must not read as markup (names like __init__ or *args). */
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

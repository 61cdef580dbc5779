// Review panel entry: redraws the last review from the webview state at once, announces 'ready',
// then draws every 'review' message: the header (base → head, counts), the table of changed sites
// and the selected site's before/after chart. Rows post 'reveal'; after each draw the panel posts
// 'rendered' (rows and charts drawn); the export bar posts PNG, CSV and JSON as the other panels do.

import '../style.css';
import './style.css';
import type { ExportFormat } from '../../src/panel/protocol';
import type { ReviewReportView, ToReviewPanel } from '../../src/review/panelProtocol';
import { applyChartDefaults } from '../chartKit';
import { h, replaceChildren, setHidden } from '../dom';
import { composePng } from '../exporting';
import { ExportBar, StatusLine } from '../layout';
import { observeTheme, readPalette, type Palette } from '../theme';
import { reviewCsv } from './csv';
import { exportBaseName, pngHeading, shownSide } from './describe';
import { ReviewHeader } from './header';
import { connectReviewHost, type ReviewPanelState } from './hostChannel';
import { SiteDetail } from './siteDetail';
import { SiteTable } from './siteTable';

const host = connectReviewHost();
const saved = host.getState();
let palette: Palette = readPalette();
applyChartDefaults(palette);

let current: ReviewPanelState | null = null;

const header = new ReviewHeader();
const status = new StatusLine();
const reveal = (index: number) => host.post({ type: 'reveal', site: index });
const table = new SiteTable((index) => select(index), reveal);
const detail = new SiteDetail(reveal);
const errors = h('section', { class: 'card review-errors', 'aria-label': 'Files that could not be read' });
const exportBar = new ExportBar((format) => exportAs(format));
const placeholder = h('p', { class: 'placeholder' }, 'Waiting for the review…');
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));

/** The shared ExportBar describes the simulation panel's files; these are the review's. */
function retitleExports(): void {
  const titles = [
    'The selected site’s chart, under the review’s headline',
    'One row per site and layer: scheme, verdicts and ratios before and after, forward std before and after',
    'The whole review as the panel shows it',
  ];
  exportBar.element.querySelectorAll('vscode-button').forEach((button, i) => {
    if (titles[i]) button.title = titles[i];
  });
}

/** After a new report: keep the selected row when it is still there, else the first regressed site, else the first. */
function initialSelection(report: ReviewReportView, previous: number | null): number {
  if (previous !== null && previous >= 0 && previous < report.sites.length) return previous;
  const regressed = report.sites.findIndex((s) => s.regressed);
  return regressed === -1 ? 0 : regressed;
}

function render(): void {
  if (!current) {
    header.update(null);
    setHidden(placeholder, false);
    setHidden(table.element, true);
    setHidden(detail.element, true);
    setHidden(errors, true);
    exportBar.setEnabled(false);
    return;
  }
  const { report, selected } = current;
  setHidden(placeholder, true);
  header.update(report);
  setHidden(table.element, false);
  const empty = `No init site changed between ${report.base.words} and ${report.head.words}.${report.omitted ? ` ${report.omitted}.` : ''}`;
  table.update(report.sites, selected, empty);
  const site = report.sites[selected];
  setHidden(detail.element, !site);
  if (site) detail.update(site, palette);
  setHidden(errors, report.errors.length === 0);
  replaceChildren(
    errors,
    h('h2', {}, 'Could not read'),
    h('ul', {}, ...report.errors.map((e) => h('li', {}, h('span', { class: 'source-label' }, e.location), ` (${e.side}): ${e.message}`))),
  );
  exportBar.setEnabled(true);
  reportDrawn();
}

/** For the host (and the real-editor test) and the preview: what is drawn, without reading canvases. */
function reportDrawn(): void {
  const rows = table.rows;
  const charts = detail.element.hidden ? 0 : detail.chartsDrawn;
  app.dataset.rows = String(rows);
  app.dataset.chartsDrawn = String(charts);
  app.dataset.selected = String(current?.selected ?? -1);
  app.dataset.regressed = String(current?.report.counts.regressed ?? 0);
  host.post({ type: 'rendered', rows, charts });
}

function select(index: number): void {
  if (!current || index < 0 || index >= current.report.sites.length || index === current.selected) return;
  current = { ...current, selected: index };
  table.select(index);
  detail.update(current.report.sites[index], palette);
  host.setState(current);
  reportDrawn();
}

function show(report: ReviewReportView): void {
  current = { report, selected: initialSelection(report, current && current.report.sites.length === report.sites.length ? current.selected : null) };
  render();
  host.setState(current);
}

function exportAs(format: ExportFormat): void {
  if (!current) return;
  const { report, selected } = current;
  const site = report.sites[selected] ?? null;
  const fileName = `${exportBaseName(report)}.${format}`;
  let data: string;
  if (format === 'png') {
    const canvas = detail.exportCanvas();
    data = composePng(canvas && site ? [{ title: `${shownSide(site).location}: forward std per layer`, canvas }] : [], pngHeading(report, site), palette);
  } else if (format === 'csv') {
    data = reviewCsv(report);
  } else {
    data = `${JSON.stringify(report, null, 2)}\n`;
  }
  host.post({ type: 'export', format, fileName, data });
}

function onMessage(message: ToReviewPanel): void {
  switch (message.type) {
    case 'review':
      header.showProgress(null);
      status.showMessage('info', '');
      show(message.report);
      return;
    case 'progress':
      header.showProgress(message.message);
      return;
    case 'error':
      header.showProgress(null);
      status.showMessage('error', message.message);
      return;
    case 'notice':
      status.showMessage(message.level, message.message);
      return;
  }
}

function isSavedState(value: unknown): value is ReviewPanelState {
  const v = value as Partial<ReviewPanelState> | undefined;
  return !!v && typeof v === 'object' && !!v.report && Array.isArray(v.report.sites) && typeof v.selected === 'number';
}

retitleExports();
app.textContent = '';
app.append(header.element, status.element, placeholder, table.element, detail.element, errors, exportBar.element);
if (isSavedState(saved)) current = saved;
render();
observeTheme((next) => {
  palette = next;
  applyChartDefaults(palette);
  detail.redraw(palette);
});
window.addEventListener('message', (event: MessageEvent<ToReviewPanel>) => {
  if (event.data && typeof event.data === 'object' && 'type' in event.data) onMessage(event.data);
});
host.post({ type: 'ready' });

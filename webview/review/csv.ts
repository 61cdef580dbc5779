// The review as CSV, one row per site and layer (a spreadsheet filters it by site or side): where
// the site is, what changed, scheme and verdicts before and after, then the layer's forward std
// before and after. A site with no simulated layer still gets one row. Numbers as JavaScript
// prints them (they read back exactly); missing values are empty. Pure.

import type { ReviewReportView, ReviewSideView } from '../../src/review/panelProtocol';
import { csvField } from '../sweep/csv';
import { shownSide } from './describe';

type Field = string | number | null | undefined;

const SIDE_COLUMNS = ['scheme', 'network', 'forward_verdict', 'backward_verdict', 'forward_ratio', 'backward_ratio', 'engine'] as const;

function side(v: ReviewSideView | null): Field[] {
  return [v?.scheme, v?.network, v?.forward, v?.backward, v?.forwardRatio, v?.backwardRatio, v?.engine];
}

export const REVIEW_CSV_HEADER = [
  'site',
  'file',
  'line',
  'cell',
  'change',
  'regressed',
  ...SIDE_COLUMNS.map((c) => `before_${c}`),
  ...SIDE_COLUMNS.map((c) => `after_${c}`),
  'fix',
  'layer',
  'before_std',
  'after_std',
];

export function reviewCsv(report: ReviewReportView): string {
  const rows: Field[][] = [];
  for (const site of report.sites) {
    const shown = shownSide(site);
    const common: Field[] = [
      site.index + 1,
      shown.file,
      shown.line,
      // 0-based, as in `init-lens review --format json`.
      shown.cell,
      site.changeWords,
      site.regressed ? 'yes' : 'no',
      ...side(site.before),
      ...side(site.after),
      site.fix,
    ];
    const layers = Math.max(site.before?.stds.length ?? 0, site.after?.stds.length ?? 0);
    if (layers === 0) rows.push([...common, null, null, null]);
    for (let l = 0; l < layers; l++) rows.push([...common, l + 1, site.before?.stds[l], site.after?.stds[l]]);
  }
  return `${[REVIEW_CSV_HEADER.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n')}\n`;
}

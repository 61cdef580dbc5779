// The gain, depth and width views: each is a few SweepLineCharts fed by the specs of lineSpecs.ts,
// plus the view's own test hooks (the critical gain, the depth scale) on its first chart.

import type { DepthSweepResult, GainSweepResult, SweepResult, WidthSweepResult } from '../../src/sweep/types';
import { h } from '../dom';
import type { ExportedChart } from '../exporting';
import type { Palette } from '../theme';
import { depthSpecs, gainSpecs, widthSpecs, type ChartSpec } from './lineSpecs';
import { SweepLineChart } from './sweepChart';
import type { SweepView, ViewActions } from './view';

type LineKind = 'gain' | 'depth' | 'width';
type ResultOf<K extends LineKind> = Extract<SweepResult, { kind: K }>;

interface LineViewSpec<K extends LineKind> {
  kind: K;
  /** Which charts are drawn smaller (the χ₁ companion of the gain chart). */
  small: boolean[];
  specs(result: ResultOf<K>): ChartSpec[];
  /** data-* attributes for tests on the first chart's box; '' for "none". */
  hooks(result: ResultOf<K>): Record<string, string>;
}

const numberHook = (value: number | null): string => (value === null ? '' : String(value));

class LineSweepView<K extends LineKind> implements SweepView {
  readonly kind: K;
  readonly element: HTMLElement;
  private readonly charts: SweepLineChart[];

  constructor(
    private readonly spec: LineViewSpec<K>,
    actions: ViewActions,
  ) {
    this.kind = spec.kind;
    this.charts = spec.small.map((small) => new SweepLineChart((value) => actions.openPoint(value), small));
    this.element = h('div', { class: `sweep-view line-view ${spec.kind}-view` }, h('div', { class: 'sweep-charts' }, ...this.charts.map((c) => c.element)));
  }

  update(result: SweepResult, palette: Palette): void {
    if (result.kind !== this.kind) return;
    const typed = result as ResultOf<K>;
    const specs = this.spec.specs(typed);
    specs.forEach((spec, i) => this.charts[i]?.update(spec, palette));
    const first = this.charts[0]?.hookElement;
    if (first) for (const [name, value] of Object.entries(this.spec.hooks(typed))) first.setAttribute(`data-${name}`, value);
  }

  exportCharts(): ExportedChart[] {
    return this.charts.flatMap((chart) => {
      const canvas = chart.exportCanvas();
      return canvas ? [{ title: chart.title, canvas }] : [];
    });
  }
}

export function createGainView(actions: ViewActions): SweepView {
  return new LineSweepView<'gain'>(
    {
      kind: 'gain',
      small: [false, true],
      specs: (r: GainSweepResult) => gainSpecs(r),
      hooks: (r: GainSweepResult) => ({
        'critical-gain': numberHook(r.criticalGain),
        'critical-gains': r.criticalGains.join(' '),
        'current-gain': numberHook(r.currentGain),
      }),
    },
    actions,
  );
}

export function createDepthView(actions: ViewActions): SweepView {
  return new LineSweepView<'depth'>(
    { kind: 'depth', small: [false], specs: (r: DepthSweepResult) => depthSpecs(r), hooks: (r: DepthSweepResult) => ({ 'depth-scale': numberHook(r.depthScale), chi1: numberHook(r.chi1) }) },
    actions,
  );
}

export function createWidthView(actions: ViewActions): SweepView {
  return new LineSweepView<'width'>({ kind: 'width', small: [false, false], specs: (r: WidthSweepResult) => widthSpecs(r), hooks: () => ({}) }, actions);
}

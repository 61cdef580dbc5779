// The heatmaps' colour legend: the scale itself drawn on a canvas by the same function that colours
// the cells (so the two cannot disagree), with its clamped ends labelled, and a line of text for
// the hatching and letters. A canvas so that the PNG export carries the legend too.

import { h } from '../dom';
import { withAlpha, type Palette } from '../theme';
import { colorScaleFor, legendTickLabel, legendTicks, rgbCss, scaleColor, scalePosition, type ColorScale } from './colorScale';

const HEIGHT = 58;

export class ColorLegend {
  readonly title = 'Colour: log₁₀ of the ratio';
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly wrap: HTMLElement;
  private palette: Palette | null = null;

  constructor() {
    this.canvas = h('canvas', {
      class: 'color-legend-canvas',
      role: 'img',
      'aria-label':
        'Colour scale: log base 10 of the ratio, from 1e−6 or less (vanishing, blue) through 1 (healthy, neutral) to 1e6 or more (exploding, red).',
    });
    this.wrap = h('div', { class: 'color-legend-wrap' }, this.canvas);
    const key = h(
      'p',
      { class: 'caption legend-key' },
      'Hatched: no ratio (overflow or 0/0). Letters: = symmetric, D dead, S saturating; on hatched cells also V vanishing, E exploding. Dashed outline: not computed yet. Numbers: the ratio, where the cell has room.',
    );
    this.element = h('figure', { class: 'card color-legend' }, h('h3', {}, this.title), this.wrap, key);
    new ResizeObserver(() => this.draw()).observe(this.wrap);
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.palette && this.canvas.width > 0 ? this.canvas : null;
  }

  update(palette: Palette): void {
    this.palette = palette;
    this.draw();
  }

  private draw(): void {
    const palette = this.palette;
    const width = this.wrap.clientWidth;
    if (!palette || width <= 0) return;
    const scale = colorScaleFor(palette.kind);
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(HEIGHT * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // Drawn on the theme background, so the exported image reads the same as the panel.
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, width, HEIGHT);
    const pad = 18;
    const left = pad;
    const right = width - pad;
    const barTop = 18;
    const barHeight = 14;
    drawBar(ctx, scale, left, right, barTop, barHeight);
    ctx.strokeStyle = palette.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, barTop + 0.5, right - left - 1, barHeight - 1);
    const font = Math.max(10, palette.fontSize - 2);
    ctx.font = `${font}px ${palette.fontFamily}`;
    ctx.fillStyle = palette.foreground;
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText('← vanishing', left, barTop - 3);
    ctx.textAlign = 'center';
    ctx.fillText('healthy', (left + right) / 2, barTop - 3);
    ctx.textAlign = 'right';
    ctx.fillText('exploding →', right, barTop - 3);
    ctx.textBaseline = 'top';
    ctx.strokeStyle = withAlpha(palette.foreground, 0.8);
    for (const tick of legendTicks(scale.limit)) {
      const x = left + ((scalePosition(tick, scale.limit) + 1) / 2) * (right - left);
      ctx.beginPath();
      ctx.moveTo(x, barTop + barHeight);
      ctx.lineTo(x, barTop + barHeight + 4);
      ctx.stroke();
      ctx.textAlign = tick <= -scale.limit ? 'left' : tick >= scale.limit ? 'right' : 'center';
      ctx.fillText(legendTickLabel(tick, scale.limit), tick <= -scale.limit ? left : tick >= scale.limit ? right : x, barTop + barHeight + 6);
    }
  }
}

function drawBar(ctx: CanvasRenderingContext2D, scale: ColorScale, left: number, right: number, top: number, height: number): void {
  const span = right - left;
  for (let i = 0; i < span; i++) {
    const logValue = ((i + 0.5) / span) * 2 * scale.limit - scale.limit;
    const color = scaleColor(logValue, scale);
    if (!color) continue;
    ctx.fillStyle = rgbCss(color);
    ctx.fillRect(left + i, top, 1.5, height);
  }
}

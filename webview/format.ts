// Numbers for people in a panel whose values span 1e-30 to 1e30.

/** 3 significant digits; scientific notation outside [0.001, 10⁴); "–" for what is missing. */
export function formatValue(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const abs = Math.abs(x);
  const text = abs >= 1e-3 && abs < 1e4 ? trimZeros(x.toPrecision(3)) : x.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return text.replace('-', '−');
}

/** A ratio such as 3.2e-5 or 0.98. */
export const formatRatio = formatValue;

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  const pct = fraction * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1).replace(/\.0$/, '')}%`;
}

/** A log-axis tick: powers of ten as 1e-30 … 1e30, with 0.001 … 1000 written out. */
export function formatPowerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (exponent >= -3 && exponent <= 3) return String(10 ** exponent >= 1 ? 10 ** exponent : Number((10 ** exponent).toFixed(-exponent)));
  return `1e${exponent}`.replace('-', '−');
}

function trimZeros(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

/** A file-name-safe slug: "He normal · ReLU · 20×512" → "he-normal-relu-20x512". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/×/g, 'x')
    .replace(/→/g, '-')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

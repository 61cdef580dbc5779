// Chart colours from the VS Code theme. VS Code sets --vscode-* variables on <html> and the theme
// kind as a class on <body>; both change when the user switches theme, so both are observed.

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  border: string;
  focus: string;
  blue: string;
  red: string;
  green: string;
  orange: string;
  purple: string;
  yellow: string;
  fontFamily: string;
  fontSize: number;
  /** Thicker lines and opaque bands where contrast matters more than subtlety. */
  lineWidth: number;
  bandAlpha: number;
}

/** Used only when a variable is missing (e.g. an old VS Code without --vscode-charts-*). */
const FALLBACKS: Record<'light' | 'dark', Record<string, string>> = {
  dark: {
    foreground: '#cccccc',
    muted: '#9d9d9d',
    background: '#1f1f1f',
    border: '#454545',
    focus: '#0078d4',
    blue: '#3794ff',
    red: '#f14c4c',
    green: '#89d185',
    orange: '#d18616',
    purple: '#b180d7',
    yellow: '#cca700',
  },
  light: {
    foreground: '#3b3b3b',
    muted: '#717171',
    background: '#ffffff',
    border: '#c8c8c8',
    focus: '#005fb8',
    blue: '#1a85ff',
    red: '#e51400',
    green: '#388a34',
    orange: '#d18616',
    purple: '#652d90',
    yellow: '#bf8803',
  },
};

function themeKind(): ThemeKind {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readPalette(): Palette {
  const kind = themeKind();
  const style = getComputedStyle(document.documentElement);
  const fallback = FALLBACKS[kind === 'light' || kind === 'high-contrast-light' ? 'light' : 'dark'];
  const read = (names: string[], fallbackKey: string): string => {
    for (const name of names) {
      const value = style.getPropertyValue(name).trim();
      if (value) return value;
    }
    return fallback[fallbackKey];
  };
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const border = read(['--vscode-contrastBorder', '--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-widget-border'], 'border');
  return {
    kind,
    foreground: read(['--vscode-foreground', '--vscode-editor-foreground'], 'foreground'),
    muted: read(['--vscode-descriptionForeground'], 'muted'),
    background: read(['--vscode-editor-background'], 'background'),
    border,
    grid: highContrast ? border : withAlpha(border, 0.6),
    focus: read(['--vscode-focusBorder'], 'focus'),
    blue: read(['--vscode-charts-blue'], 'blue'),
    red: read(['--vscode-charts-red'], 'red'),
    green: read(['--vscode-charts-green'], 'green'),
    orange: read(['--vscode-charts-orange'], 'orange'),
    purple: read(['--vscode-charts-purple'], 'purple'),
    yellow: read(['--vscode-charts-yellow'], 'yellow'),
    fontFamily: style.getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif',
    fontSize: Number.parseFloat(style.getPropertyValue('--vscode-font-size')) || 13,
    lineWidth: highContrast ? 2.5 : 1.75,
    bandAlpha: highContrast ? 0.3 : 0.18,
  };
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour with the given opacity, via the canvas' own colour parser (#rgb, rgb(), names…). */
export function withAlpha(color: string, alpha: number): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = '#000000';
  probe.fillStyle = color;
  const normalized = probe.fillStyle;
  if (normalized.startsWith('#')) {
    const r = Number.parseInt(normalized.slice(1, 3), 16);
    const g = Number.parseInt(normalized.slice(3, 5), 16);
    const b = Number.parseInt(normalized.slice(5, 7), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const parts = /rgba?\(([^)]+)\)/.exec(normalized)?.[1].split(',').map((p) => p.trim());
  if (!parts || parts.length < 3) return color;
  const base = parts.length === 4 ? Number(parts[3]) : 1;
  return `rgba(${parts[0]}, ${parts[1]}, ${parts[2]}, ${base * alpha})`;
}

/**
 * Calls `onChange` with the new palette whenever the theme changes. Both the body class and the
 * variables on <html> are watched, and changes are coalesced into one frame since VS Code
 * updates them one after the other.
 */
export function observeTheme(onChange: (palette: Palette) => void): () => void {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange(readPalette());
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

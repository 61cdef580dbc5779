import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64, chartInput, hoverChartSvg, svgDataUri, type HoverChartInput } from '../../../src/present/hoverChart';
import { CASES } from './fixtures';

/** The drawn series: each polyline's points (and each lone-dot circle) with its stroke colour and dash. */
function parse(svg: string) {
  const lines = [...svg.matchAll(/<polyline points="([^"]*)"[^>]*stroke="(#[0-9a-f]+)"[^>]*?(stroke-dasharray="4 3")?\/>/g)].map((m) => ({
    points: m[1].split(' ').map((p) => p.split(',').map(Number) as [number, number]),
    colour: m[2],
    dashed: m[3] !== undefined,
  }));
  const dots = [...svg.matchAll(/<circle cx="([^"]*)" cy="([^"]*)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return { lines, dots };
}

const BLUE = '#3a86d4';
const ORANGE = '#e0742c';

function assertClean(svg: string) {
  assert.doesNotMatch(svg, /NaN|Infinity|undefined/);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="360" height="160"/);
  assert.ok(svg.endsWith('</svg>'));
  assert.doesNotMatch(svg, /var\(--/, 'no CSS variables: the SVG is an image');
}

test('CS231n (tanh, N(0, 0.01), 10×500): four curves of 10 points, Monte Carlo solid, mean-field dashed', () => {
  const { refined } = CASES.cs231n();
  const svg = hoverChartSvg(chartInput(refined!.result));
  assertClean(svg);
  const { lines } = parse(svg);
  assert.equal(lines.length, 4);
  for (const l of lines) assert.equal(l.points.length, 10);
  assert.deepEqual(
    lines.map((l) => [l.colour, l.dashed]),
    [[BLUE, true], [ORANGE, true], [BLUE, false], [ORANGE, false]],
  );
  // Layers run left to right over the plot.
  assert.equal(lines[2].points[0][0], 44);
  assert.equal(lines[2].points[9][0], 348);
  // The y mapping is monotonic: a smaller std is lower on screen (larger y), across all curves.
  const values = refined!.result.layers.map((l) => l.forward.std);
  const ys = lines[2].points.map((p) => p[1]);
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values.length; j++) if (values[i] < values[j]) assert.ok(ys[i] >= ys[j], `layer ${i + 1} vs ${j + 1}`);
  }
  // Vanishing: std falls from 0.21 to 3e-7, so the blue curve falls across about six decades.
  assert.ok(ys[9] - ys[0] > 60, `${ys[0]} → ${ys[9]}`);
  // Powers of ten on the axis, a legend that names both directions and the theory line.
  assert.match(svg, />10⁻⁶</);
  assert.match(svg, />10⁰</);
  for (const label of ['activation std', 'gradient std (δ)', 'mean-field', '>layer<']) assert.ok(svg.includes(label), label);
});

test('a mean-field outcome alone draws dashed curves and says so in the legend', () => {
  const { analysis } = CASES.heAssumed();
  const svg = hoverChartSvg(chartInput(analysis.meanField!.result));
  assertClean(svg);
  const { lines } = parse(svg);
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.dashed && l.points.length === 20));
  assert.match(svg, /\(mean-field\)/);
  // He/ReLU at mean-field is exactly flat: every forward point at the same height.
  assert.equal(new Set(lines[0].points.map((p) => p[1])).size, 1);
});

test('an overflow stops the curves where the values stop and is marked', () => {
  const { refined } = CASES.overflow();
  const input = chartInput(refined!.result);
  const svg = hoverChartSvg(input);
  assertClean(svg);
  assert.match(svg, /overflow at layer 294/);
  const { lines } = parse(svg);
  const monteCarloForward = lines.find((l) => l.colour === BLUE && !l.dashed)!;
  // 293 finite layers out of 400 on a 304 px axis: the last point sits at layer 293.
  const xOf = (layer: number) => Math.round((44 + ((layer - 1) / 399) * 304) * 10) / 10;
  assert.equal(monteCarloForward.points.at(-1)![0], xOf(293));
  // 400 layers are bucketed (4 layers a bucket, min and max each) to at most 2 × 100 + 2 points.
  assert.ok(monteCarloForward.points.length <= 202, String(monteCarloForward.points.length));
  // The axis reaches 10³⁰⁰ and beyond without a NaN.
  assert.match(svg, />10³⁰⁰</);
  assert.doesNotMatch(svg, />10⁶²</, 'decade ticks in 1-2-5 steps');
});

test('1000 layers: the polyline is downsampled, keeps both ends and every spike', () => {
  const forward = Array.from({ length: 1000 }, (_, i) => Math.exp(-i / 100));
  forward[500] = 1e6; // one spike must survive the downsampling
  const input: HoverChartInput = { depth: 1000, monteCarlo: { forward, backward: forward.map(() => 1) }, meanField: null };
  const svg = hoverChartSvg(input);
  assertClean(svg);
  const { lines } = parse(svg);
  assert.equal(lines.length, 2);
  const [curve, flat] = lines;
  // ceil(1000 / 120) = 9 layers a bucket → 112 buckets, at most a min and a max each.
  assert.ok(curve.points.length <= 2 * 112 + 2 && curve.points.length > 100, String(curve.points.length));
  assert.equal(curve.points[0][0], 44);
  assert.equal(curve.points.at(-1)![0], 348);
  const highest = curve.points.reduce((a, b) => (b[1] < a[1] ? b : a));
  assert.equal(highest[0], Math.round((44 + (500 / 999) * 304) * 10) / 10, 'the 1e6 spike at layer 501 survives as the highest point');
  for (let i = 1; i < curve.points.length; i++) assert.ok(curve.points[i][0] >= curve.points[i - 1][0], 'x increases');
  // A constant curve collapses to one bucket representative per bucket.
  assert.ok(flat.points.length <= 114);
});

test('one layer: dots, not invisible one-point lines', () => {
  const svg = hoverChartSvg({ depth: 1, monteCarlo: { forward: [0.8], backward: [1.2] }, meanField: { forward: [0.8], backward: [1] } });
  assertClean(svg);
  const { lines, dots } = parse(svg);
  assert.equal(lines.length, 0);
  assert.equal(dots.length, 4);
  assert.ok(dots.every(([x]) => x === 196), 'centred');
  assert.match(svg, />1</);
});

test('zeros, NaN, ±Infinity and nulls are skipped and split the curve; nothing non-finite reaches the SVG', () => {
  const forward = [1, Number.NaN, 0.5, Number.POSITIVE_INFINITY, 0, 0.25, 0.1, null, -3, Number.NEGATIVE_INFINITY];
  const svg = hoverChartSvg({ depth: 10, monteCarlo: { forward, backward: Array(10).fill(Number.NaN) }, meanField: null });
  assertClean(svg);
  const { lines, dots } = parse(svg);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].points.length, 2);
  assert.equal(dots.length, 2);
});

test('all-equal values get a decade either side; no values at all say so', () => {
  const flat = hoverChartSvg({ depth: 5, monteCarlo: { forward: [1, 1, 1, 1, 1], backward: [1, 1, 1, 1, 1] }, meanField: null });
  assertClean(flat);
  for (const tick of ['10⁻¹', '10⁰', '10¹']) assert.ok(flat.includes(`>${tick}<`), tick);
  const { lines } = parse(flat);
  assert.equal(new Set(lines[0].points.map((p) => p[1])).size, 1);
  assert.equal(lines[0].points[0][1], (26 + 140) / 2);
  const empty = hoverChartSvg({ depth: 3, monteCarlo: { forward: [0, 0, 0], backward: [null, null, null] }, meanField: null });
  assertClean(empty);
  assert.match(empty, /no finite values to plot/);
});

test('svgDataUri is base64 of the UTF-8 bytes (δ and superscripts survive)', () => {
  const svg = hoverChartSvg({ depth: 3, monteCarlo: { forward: [1, 0.1, 0.01], backward: [1, 1, 1] }, meanField: null });
  const uri = svgDataUri(svg);
  assert.match(uri, /^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
  assert.equal(Buffer.from(uri.split(',')[1], 'base64').toString('utf8'), svg);
  for (let n = 0; n < 8; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 200) % 256);
    assert.equal(base64(bytes), Buffer.from(bytes).toString('base64'));
  }
});

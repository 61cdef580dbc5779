import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  colorScaleFor,
  legendTickLabel,
  legendTicks,
  LOG_RATIO_LIMIT,
  logRatio,
  luminance,
  scaleColor,
  scalePosition,
  textColorOn,
} from '../../../webview/sweep/colorScale';

const light = colorScaleFor('light');
const dark = colorScaleFor('dark');

test('logRatio: log₁₀ of the ratio; null, NaN and negatives are "not formed"; 0 and ∞ are real ends', () => {
  assert.equal(logRatio(1000), 3);
  assert.equal(logRatio(1e-5), -5);
  assert.equal(logRatio(null), null);
  assert.equal(logRatio(undefined), null);
  assert.equal(logRatio(Number.NaN), null);
  assert.equal(logRatio(-1), null);
  assert.equal(logRatio(0), -Infinity);
  assert.equal(logRatio(Infinity), Infinity);
});

test('scalePosition: linear in log₁₀, clamped at ±LOG_RATIO_LIMIT, ±∞ on the ends', () => {
  assert.equal(scalePosition(0), 0);
  assert.equal(scalePosition(LOG_RATIO_LIMIT / 2), 0.5);
  assert.equal(scalePosition(-LOG_RATIO_LIMIT), -1);
  assert.equal(scalePosition(40), 1);
  assert.equal(scalePosition(-300), -1);
  assert.equal(scalePosition(Infinity), 1);
  assert.equal(scalePosition(-Infinity), -1);
});

test('scaleColor: neutral at ratio 1, blue for vanishing, red for exploding, clamped, null stays null', () => {
  for (const scale of [light, dark]) {
    const middle = scaleColor(0, scale);
    assert.deepEqual(middle, scale.stops[Math.floor(scale.stops.length / 2)].color, 'ratio 1 is the middle stop');
    const [r0, g0, b0] = middle!;
    // Neutral: no channel far from the others.
    assert.ok(Math.max(r0, g0, b0) - Math.min(r0, g0, b0) < 16);
    const vanishing = scaleColor(-4, scale)!;
    const exploding = scaleColor(4, scale)!;
    assert.ok(vanishing[2] > vanishing[0], `vanishing is blue: ${vanishing}`);
    assert.ok(exploding[0] > exploding[2], `exploding is red: ${exploding}`);
    assert.deepEqual(scaleColor(-LOG_RATIO_LIMIT, scale), scaleColor(-50, scale), 'clamped below');
    assert.deepEqual(scaleColor(LOG_RATIO_LIMIT, scale), scaleColor(Infinity, scale), 'clamped above');
    assert.deepEqual(scaleColor(-LOG_RATIO_LIMIT, scale), scale.stops[0].color);
    assert.deepEqual(scaleColor(LOG_RATIO_LIMIT, scale), scale.stops.at(-1)!.color);
    assert.equal(scaleColor(null, scale), null);
    assert.equal(scaleColor(Number.NaN, scale), null);
  }
});

test('scaleColor: every channel stays an integer in 0…255 and moves monotonically away from the middle in lightness', () => {
  for (const scale of [light, dark]) {
    let previous: number | null = null;
    for (let v = 0; v <= LOG_RATIO_LIMIT; v += 0.25) {
      const c = scaleColor(v, scale)!;
      for (const channel of c) assert.ok(Number.isInteger(channel) && channel >= 0 && channel <= 255);
      const l = luminance(c);
      if (previous !== null) {
        // Light scale: darker with distance from 1; dark scale: brighter after the dark middle band.
        if (scale === light) assert.ok(l <= previous + 1e-9, `light scale darkens at ${v}`);
      }
      previous = l;
    }
  }
});

test('textColorOn: black on light cells, white on dark ones', () => {
  assert.equal(textColorOn([242, 242, 242]), '#000000');
  assert.equal(textColorOn([5, 48, 97]), '#ffffff');
  assert.equal(textColorOn([58, 58, 58]), '#ffffff');
});

test('legend ticks: both clamped ends, the middle, halfway; labels say the ends are clamped', () => {
  assert.deepEqual(legendTicks(6), [-6, -3, 0, 3, 6]);
  assert.deepEqual(legendTicks(6).map((t) => legendTickLabel(t, 6)), ['≤1e−6', '1e−3', '1', '1e3', '≥1e6']);
});

// package.json's contributes.configuration must say what src/settings/defaults.ts says: the
// extension reads through the latter, users read the former.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CHECK_DEFAULTS } from '../../../src/cli/checkCommand';
import { ENGINE_SETTINGS, SETTING_KEYS, SETTING_RANGES, SETTINGS_DEFAULTS, SEVERITY_SETTINGS, THRESHOLD_KEYS } from '../../../src/settings/defaults';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const properties: Record<string, { default: unknown; minimum?: number; maximum?: number; enum?: string[]; markdownDescription?: string }> =
  manifest.contributes.configuration.properties;

test('every setting in package.json has the default, range and choices of src/settings/defaults.ts', () => {
  const expected = new Set<string>();
  for (const [key, name] of Object.entries(SETTING_KEYS)) {
    const property = properties[`initLens.${name}`];
    expected.add(`initLens.${name}`);
    assert.ok(property, `package.json lacks initLens.${name}`);
    assert.deepEqual(property.default, SETTINGS_DEFAULTS[key as keyof typeof SETTING_KEYS], `default of initLens.${name}`);
    assert.ok((property.markdownDescription ?? '').length > 20, `initLens.${name} is documented`);
    const range = SETTING_RANGES[key as keyof typeof SETTING_RANGES];
    if (range) assert.deepEqual([property.minimum, property.maximum], [...range], `range of initLens.${name}`);
  }
  for (const [key, name] of Object.entries(THRESHOLD_KEYS)) {
    expected.add(`initLens.${name}`);
    assert.equal(properties[`initLens.${name}`]?.default, SETTINGS_DEFAULTS.thresholds[key as keyof typeof THRESHOLD_KEYS], `default of initLens.${name}`);
  }
  assert.deepEqual(properties['initLens.engine'].enum, [...ENGINE_SETTINGS]);
  assert.deepEqual(properties['initLens.diagnostics.severity'].enum, [...SEVERITY_SETTINGS]);
  assert.deepEqual(new Set(Object.keys(properties)), expected, 'no setting is undocumented in defaults.ts');
});

test('init-lens check takes its defaults from the same table as the editor', () => {
  assert.deepEqual(CHECK_DEFAULTS, { depth: 10, width: 512, activation: 'relu', batch: 64 });
  assert.equal(CHECK_DEFAULTS.depth, SETTINGS_DEFAULTS.defaultDepth);
  assert.equal(CHECK_DEFAULTS.batch, SETTINGS_DEFAULTS.defaultBatch);
});

test('every contributed command has the Init Lens category, and internal ones are hidden from the palette', () => {
  const commands: { command: string; category: string }[] = manifest.contributes.commands;
  for (const c of commands) assert.equal(c.category, 'Init Lens', c.command);
  const palette: { command: string; when?: string }[] = manifest.contributes.menus.commandPalette;
  const hidden = new Set(palette.filter((m) => m.when === 'false').map((m) => m.command));
  assert.deepEqual(hidden, new Set(['initLens.simulateSite', 'initLens.setAssumption', 'initLens.state']));
  for (const name of ['initLens.simulateAtCursor', 'initLens.showPanel', 'initLens.toggleCodeLens']) {
    assert.ok(commands.some((c) => c.command === name), name);
  }
  assert.deepEqual(manifest.activationEvents.filter((e: string) => e === '*'), []);
});

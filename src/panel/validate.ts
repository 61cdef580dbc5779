// Every message from the panel is untrusted input (a webview is a browser page). This checks
// its shape field by field, naming the field and the allowed range on the first problem, runs
// the simulation's own validation, and returns a fresh copy holding only the known fields.

import { ACTIVATION_NAMES, getActivation } from '../core/activations';
import { matrixFreeApplies, matrixFreeBytes } from '../core/matrixFree';
import { resolveInit, SCHEME_NAMES } from '../core/schemes';
import { denseBytes, DEFAULT_OPTIONS, LIMITS, planSimulation } from '../core/simulate';
import { meanFieldInapplicable } from '../core/theory';
import type { ActivationName, ActivationSpec, EngineName, InitSpec, LayerSpec, NetworkSpec, SchemeName, SimulationOptions } from '../core/types';
import { array, field, finite, integer, invalid, object, oneOf, text, typeOf, type Json } from './messageFields';
import type { ExportFormat, FromPanel, PanelSetup, RunOptions } from './protocol';

/** Largest export the host writes (characters of the data string). */
export const MAX_EXPORT_CHARS = 50 * 1024 * 1024;
const MAX_ASSUMPTIONS = 100;
const MAX_TEXT = 2000;
const PNG_PREFIX = 'data:image/png;base64,';
/** The PNG signature \x89PNG\r\n\x1a\n, base64-encoded. */
const PNG_SIGNATURE_BASE64 = 'iVBORw0KGgo';

const MESSAGE_TYPES = ['ready', 'run', 'applyToCode', 'export', 'reveal', 'cancel'] as const;
const ENGINES: readonly EngineName[] = ['auto', 'dense', 'matrix-free', 'mean-field'];
const SHAPES = ['square', 'stack'] as const;
const FORMATS: readonly ExportFormat[] = ['png', 'csv', 'json'];
const FAN_MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
const DISTRIBUTIONS = ['truncated_normal', 'untruncated_normal', 'normal', 'uniform'] as const;
const TRUNCATIONS = ['keras', 'plain'] as const;
/** InitSpec's numeric fields; resolveInit checks their ranges per scheme. */
const INIT_NUMBERS = ['mean', 'std', 'low', 'high', 'gain', 'a', 'scale', 'value', 'sparsity', 'receptiveField', 'groups'] as const;


export function validateFromPanel(message: unknown): FromPanel {
  const m = object('message', message);
  const type = oneOf('message.type', field(m, 'type'), MESSAGE_TYPES);
  switch (type) {
    case 'ready':
    case 'reveal':
      return { type };
    case 'cancel':
      return { type, which: oneOf('message.which', field(m, 'which'), ['main', 'compare'] as const) };
    case 'run': {
      const compare = field(m, 'compare');
      return { type, setup: validateSetup('setup', field(m, 'setup')), compare: compare === null ? null : validateSetup('compare', compare) };
    }
    case 'applyToCode':
      return { type, setup: validateSetup('setup', field(m, 'setup')) };
    case 'export':
      return validateExport(m);
  }
}

export function toSimulationOptions(options: RunOptions, bins: number): SimulationOptions {
  // The panel never chooses the generator: numpy parity is a CLI concern.
  return { batch: options.batch, seeds: options.draws, seed: options.seed, rng: 'xoshiro', engine: options.engine, bins };
}

export function validateSetup(path: string, value: unknown): PanelSetup {
  const s = object(path, value);
  const network = validateNetworkShape(`${path}.network`, field(s, 'network'));
  const depth = network.layers.length;
  const siteLayers = array(`${path}.siteLayers`, field(s, 'siteLayers'), depth).map((v, i) => integer(`${path}.siteLayers[${i}]`, v, 0, depth - 1));
  if (new Set(siteLayers).size !== siteLayers.length) throw invalid(`${path}.siteLayers`, 'distinct layer indices', `[${siteLayers.join(', ')}]`);
  const shape = oneOf(`${path}.shape`, field(s, 'shape'), SHAPES);
  const options = validateRunOptions(`${path}.options`, field(s, 'options'));
  const assumptions = array(`${path}.assumptions`, field(s, 'assumptions'), MAX_ASSUMPTIONS).map((v, i) => text(`${path}.assumptions[${i}]`, v, MAX_TEXT));
  checkRunnable(path, network, options);
  return { network, siteLayers, shape, options, assumptions };
}

function validateRunOptions(path: string, value: unknown): RunOptions {
  const o = object(path, value);
  return {
    batch: integer(`${path}.batch`, field(o, 'batch'), 1, LIMITS.batch),
    draws: integer(`${path}.draws`, field(o, 'draws'), 1, LIMITS.seeds),
    seed: integer(`${path}.seed`, field(o, 'seed'), 0, Number.MAX_SAFE_INTEGER),
    engine: oneOf(`${path}.engine`, field(o, 'engine'), ENGINES),
  };
}

function validateNetworkShape(path: string, value: unknown): NetworkSpec {
  const n = object(path, value);
  const inputWidth = integer(`${path}.inputWidth`, field(n, 'inputWidth'), 1, LIMITS.width);
  const rawLayers = array(`${path}.layers`, field(n, 'layers'), LIMITS.depth);
  if (rawLayers.length === 0) throw invalid(`${path}.layers`, `an array of 1 to ${LIMITS.depth} layers`, 'an empty array');
  let width = inputWidth;
  const layers = rawLayers.map((raw, i): LayerSpec => {
    const at = `${path}.layers[${i}]`;
    const l = object(at, raw);
    const fanIn = integer(`${at}.fanIn`, field(l, 'fanIn'), 1, LIMITS.width);
    const fanOut = integer(`${at}.fanOut`, field(l, 'fanOut'), 1, LIMITS.width);
    if (fanIn !== width) throw invalid(`${at}.fanIn`, `equal to the previous layer's width ${width}`, String(fanIn));
    width = fanOut;
    const init = validateInit(`${at}.init`, field(l, 'init'));
    const activation = validateActivation(`${at}.activation`, field(l, 'activation'));
    const rawBias = field(l, 'bias');
    const bias = rawBias === undefined ? undefined : validateInit(`${at}.bias`, rawBias);
    // The core's own parameter checks (negative std, low ≥ high, elu alpha < 0), located by path.
    located(`${at}.init`, () => resolveInit(init, fanIn, fanOut));
    if (bias) located(`${at}.bias`, () => resolveInit(bias, fanIn, fanOut));
    located(`${at}.activation`, () => getActivation(activation));
    return { fanIn, fanOut, init, activation, ...(bias ? { bias } : {}) };
  });
  return { inputWidth, layers };
}

function validateInit(path: string, value: unknown): InitSpec {
  const o = object(path, value);
  const init: InitSpec = { scheme: oneOf(`${path}.scheme`, field(o, 'scheme'), SCHEME_NAMES) as SchemeName };
  for (const key of INIT_NUMBERS) {
    const v = field(o, key);
    if (v !== undefined) init[key] = finite(`${path}.${key}`, v);
  }
  const mode = field(o, 'mode');
  if (mode !== undefined) init.mode = oneOf(`${path}.mode`, mode, FAN_MODES);
  const nonlinearity = field(o, 'nonlinearity');
  if (nonlinearity !== undefined) init.nonlinearity = text(`${path}.nonlinearity`, nonlinearity, 32);
  const distribution = field(o, 'distribution');
  if (distribution !== undefined) init.distribution = oneOf(`${path}.distribution`, distribution, DISTRIBUTIONS);
  const truncation = field(o, 'truncation');
  if (truncation !== undefined) init.truncation = oneOf(`${path}.truncation`, truncation, TRUNCATIONS);
  return init;
}

function validateActivation(path: string, value: unknown): ActivationSpec {
  const o = object(path, value);
  const name = oneOf(`${path}.name`, field(o, 'name'), ACTIVATION_NAMES) as ActivationName;
  const param = field(o, 'param');
  return param === undefined ? { name } : { name, param: finite(`${path}.param`, param) };
}

/**
 * The simulation's own checks (scheme parameters, activation parameters, engine applicability),
 * and memory: a network the chosen engine cannot hold is refused here, with what to change,
 * rather than failing in the worker. Auto falls back to matrix-free where it is exact and fits.
 */
function checkRunnable(path: string, network: NetworkSpec, options: RunOptions): void {
  if (options.engine === 'mean-field' || options.engine === 'matrix-free') {
    const why = options.engine === 'mean-field' ? meanFieldInapplicable(network) : matrixFreeApplies(network);
    if (why !== null) throw invalid(`${path}.options.engine`, `auto or dense for this network, since ${options.engine} does not apply`, JSON.stringify(why));
  }
  if (options.engine !== 'mean-field') {
    const mib = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MiB`;
    const dense = denseBytes(network, options.batch);
    const free = matrixFreeBytes(network, options.batch);
    const matrixFreeRuns = options.engine !== 'dense' && matrixFreeApplies(network) === null && free <= LIMITS.denseBytes;
    if (dense > LIMITS.denseBytes && !matrixFreeRuns) {
      const engine = options.engine === 'matrix-free' ? 'matrix-free' : 'dense';
      throw invalid(
        `${path}.options.batch × width × depth`,
        `at most ${mib(LIMITS.denseBytes)} for the ${engine} engine (lower the batch, width or depth, or choose the mean-field engine)`,
        mib(engine === 'dense' ? dense : free),
      );
    }
  }
  located(path, () => planSimulation(network, toSimulationOptions(options, DEFAULT_OPTIONS.bins)));
}

/** Runs a core check, prefixing its error with where in the message the checked value sits. */
function located(path: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Shared with the sweep panel's validator. */
export function validateExport(m: Json): Extract<FromPanel, { type: 'export' }> {
  const format = oneOf('message.format', field(m, 'format'), FORMATS);
  const fileName = text('message.fileName', field(m, 'fileName'), 255);
  // A bare name: the host picks the folder (a save dialog), so nothing may point elsewhere.
  if (fileName.trim() === '' || /[/\\:*?"<>|\u0000-\u001f]/.test(fileName) || fileName.includes('..')) {
    throw invalid('message.fileName', 'a bare file name without path separators, "..", control characters or :*?"<>|', typeOf(fileName));
  }
  const data = field(m, 'data');
  if (typeof data !== 'string') throw invalid('message.data', 'a string', typeOf(data));
  if (data.length > MAX_EXPORT_CHARS) throw invalid('message.data', `at most ${MAX_EXPORT_CHARS / 2 ** 20} MB`, `${(data.length / 2 ** 20).toFixed(1)} MB`);
  if (format === 'png') {
    const payload = data.startsWith(PNG_PREFIX) ? data.slice(PNG_PREFIX.length) : null;
    if (payload === null || payload.length % 4 !== 0 || !payload.startsWith(PNG_SIGNATURE_BASE64) || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) {
      throw invalid('message.data', `a ${PNG_PREFIX}… URL holding base64 PNG bytes`, `${data.slice(0, 40)}${data.length > 40 ? '…' : ''}`);
    }
  }
  return { type: 'export', format, fileName, data };
}

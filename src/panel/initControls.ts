// The scheme picker's model: which one number each scheme exposes next to the picker, and how a
// picked scheme + number become an InitSpec. Pure (no DOM, no vscode): the webview and the host
// (validating what the webview sends) both use it.

import { formatQuantity } from '../core/schemes';
import type { InitSpec, SchemeName } from '../core/types';

export type InitParamName = 'std' | 'bound' | 'gain' | 'scale' | 'value';

export interface InitParam {
  name: InitParamName;
  value: number;
}

export interface InitControls {
  scheme: SchemeName;
  /** The scheme's one tunable number; null for schemes whose scale follows from the fans alone. */
  param: InitParam | null;
}

/** The number each scheme exposes (uniform: the symmetric bound r of U(−r, r)). */
const PARAM_OF: Readonly<Record<SchemeName, InitParamName | null>> = {
  normal: 'std',
  uniform: 'bound',
  truncated_normal: 'std',
  xavier_normal: 'gain',
  xavier_uniform: 'gain',
  orthogonal: 'gain',
  variance_scaling: 'scale',
  constant: 'value',
  he_normal: null,
  he_uniform: null,
  lecun_normal: null,
  lecun_uniform: null,
  torch_default: null,
  keras_default: null,
  flax_default: null,
  zeros: null,
  eye: null,
  sparse: null,
};

/** Names for the picker, in the order it lists them (the fan-scaled schemes people reach for first). */
export const SCHEME_LABELS: Readonly<Record<SchemeName, string>> = {
  he_normal: 'He normal',
  he_uniform: 'He uniform',
  xavier_normal: 'Xavier normal',
  xavier_uniform: 'Xavier uniform',
  lecun_normal: 'LeCun normal',
  lecun_uniform: 'LeCun uniform',
  orthogonal: 'Orthogonal',
  normal: 'Normal',
  uniform: 'Uniform',
  truncated_normal: 'Truncated normal',
  variance_scaling: 'Variance scaling',
  torch_default: 'PyTorch default',
  keras_default: 'Keras default',
  flax_default: 'Flax default',
  sparse: 'Sparse',
  eye: 'Identity',
  zeros: 'Zeros',
  constant: 'Constant',
};

export const PICKER_SCHEMES = Object.keys(SCHEME_LABELS) as readonly SchemeName[];

/** Field labels for the number next to the picker. */
export const PARAM_LABELS: Readonly<Record<InitParamName, string>> = {
  std: 'std',
  bound: 'bound ±',
  gain: 'gain',
  scale: 'scale',
  value: 'value',
};

export function paramNameOf(scheme: SchemeName): InitParamName | null {
  return PARAM_OF[scheme];
}

/** The number the scheme uses when the spec leaves it unset (resolveInit's defaults). */
function paramValueOf(init: InitSpec, name: InitParamName): number {
  switch (name) {
    case 'std':
      return init.std ?? 1;
    case 'bound':
      // An asymmetric U(low, high) shows its larger reach; it stays asymmetric until the number is edited.
      return Math.max(Math.abs(init.low ?? 0), Math.abs(init.high ?? 1));
    case 'gain':
      return init.gain ?? 1;
    case 'scale':
      return init.scale ?? 1;
    case 'value':
      return init.value ?? 0;
  }
}

export function controlsOf(init: InitSpec): InitControls {
  const name = PARAM_OF[init.scheme];
  return { scheme: init.scheme, param: name === null ? null : { name, value: paramValueOf(init, name) } };
}

function withParam(init: InitSpec, name: InitParamName, value: number): InitSpec {
  switch (name) {
    case 'std':
      return { ...init, std: value };
    case 'bound':
      return { ...init, low: -value, high: value };
    case 'gain':
      return { ...init, gain: value };
    case 'scale':
      return { ...init, scale: value };
    case 'value':
      return { ...init, value };
  }
}

const KAIMING_FIELDS = ['a', 'mode', 'nonlinearity'] as const;
const FAN_FIELDS = ['receptiveField', 'groups'] as const;

/**
 * The init the controls describe. With the base's scheme, every other field of the base is kept
 * (mean, truncation, Keras flavour…), and an unchanged number returns the base itself. With a new
 * scheme, the spec starts from that scheme's defaults; only what still means the same is carried
 * over: kaiming's a/mode/nonlinearity between He normal and He uniform, and conv fans (not for
 * sparse and eye, which are 2-D only). `paramValue` null means the scheme's default.
 */
export function initFromControls(base: InitSpec, scheme: SchemeName, paramValue: number | null): InitSpec {
  const name = PARAM_OF[scheme];
  if (scheme === base.scheme) {
    if (name === null || paramValue === null) return base;
    if (Object.is(paramValueOf(base, name), paramValue)) return base;
    return withParam(base, name, paramValue);
  }
  let next: InitSpec = { scheme };
  const bothKaiming = (s: SchemeName) => s === 'he_normal' || s === 'he_uniform';
  if (bothKaiming(scheme) && bothKaiming(base.scheme)) {
    for (const field of KAIMING_FIELDS) if (base[field] !== undefined) next = { ...next, [field]: base[field] };
  }
  if (scheme !== 'sparse' && scheme !== 'eye') {
    for (const field of FAN_FIELDS) if (base[field] !== undefined) next = { ...next, [field]: base[field] };
  }
  if (scheme === 'sparse') next = { ...next, sparsity: base.sparsity ?? 0.9 };
  if (name !== null && paramValue !== null) next = withParam(next, name, paramValue);
  return next;
}

/**
 * The number to show when the picker switches to `scheme`: the current number when it means the
 * same thing (std of normal → std of truncated normal), otherwise null (the scheme's default).
 */
export function paramForSchemeChange(current: InitControls, scheme: SchemeName): number | null {
  const name = PARAM_OF[scheme];
  return name !== null && current.param?.name === name ? current.param.value : null;
}

/** Why the number is not allowed for the scheme (naming the field and the range), or null when it is. */
export function paramProblem(scheme: SchemeName, value: number): string | null {
  const name = PARAM_OF[scheme];
  if (name === null) return null;
  const label = `${SCHEME_LABELS[scheme]} ${name}`;
  if (!Number.isFinite(value)) return `${label} must be a finite number (got ${String(value)}).`;
  // As resolveInit: normal accepts std 0 (all zeros), truncated normal needs a positive std.
  if (name === 'std' && scheme === 'normal' && value < 0) return `${label} must be ≥ 0 (got ${value}).`;
  if (name === 'value') return null;
  if (!(value > 0) && !(name === 'std' && scheme === 'normal')) return `${label} must be > 0 (got ${value}).`;
  return null;
}

/** The init in a few words for titles and legends: "He normal", "Normal (std 0.01)", "Xavier normal (gain 5/3)". */
export function initLabel(init: InitSpec): string {
  const { scheme, param } = controlsOf(init);
  const label = SCHEME_LABELS[scheme];
  if (param === null) return label;
  // A unit gain or scale is the scheme's plain form: not worth saying.
  if ((param.name === 'gain' || param.name === 'scale') && param.value === 1) return label;
  if (param.name === 'bound' && init.low !== undefined && init.high !== undefined && init.low !== -init.high) {
    return `${label} (${formatQuantity(init.low)}, ${formatQuantity(init.high)})`;
  }
  const name = param.name === 'bound' ? '±' : `${param.name} `;
  return `${label} (${name}${formatQuantity(param.value)})`;
}

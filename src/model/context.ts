// What a site's own code must supply before it can be simulated, and how a conv layer maps
// onto the dense layers the engines simulate.

import { describeInit, formatQuantity, resolveInit } from '../core/schemes';
import type { InitSpec, LayerSpec, WeightDistribution } from '../core/types';
import type { InitSite } from '../parse/types';

/**
 * The site's init with every scale the scheme needs, or why it cannot be simulated. Schemes
 * whose scale comes from the fans (Xavier, He, defaults…) are always simulatable; a plain
 * `randn(n, n) * scale` with `scale` unknown is not, since any std we picked would be invented.
 */
export function simulatableInit(site: InitSite): { init: InitSpec } | { reason: string } {
  const init: InitSpec = { ...site.init };
  const param = (key: string): number | undefined => {
    const v = site.params[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const missing = (what: string) => ({ reason: unresolvedReason(site, what) });
  switch (init.scheme) {
    case 'normal':
    case 'truncated_normal': {
      if (init.std !== undefined) break;
      const std = param('std');
      if (std === undefined) return missing('standard deviation');
      init.std = std;
      break;
    }
    case 'uniform': {
      if (init.low !== undefined && init.high !== undefined) break;
      const low = param('low') ?? init.low;
      const high = param('high') ?? init.high;
      const std = param('std');
      if (low !== undefined && high !== undefined) {
        init.low = low;
        init.high = high;
      } else if (std !== undefined && init.low === undefined && init.high === undefined) {
        // params.std of a uniform is bound/√3 (issue 3): a symmetric U(±√3·std).
        init.low = -Math.sqrt(3) * std;
        init.high = Math.sqrt(3) * std;
      } else return missing('bounds');
      break;
    }
    case 'constant': {
      if (init.value !== undefined) break;
      const value = param('value');
      if (value === undefined) return missing('value');
      init.value = value;
      break;
    }
    case 'sparse': {
      if (init.sparsity !== undefined) break;
      const sparsity = param('sparsity');
      if (sparsity === undefined) return missing('sparsity');
      init.sparsity = sparsity;
      break;
    }
    default:
      break;
  }
  return { init };
}

/** The init in words as the simulation sees it; an unresolved scale is named, not shown as a default. */
export function describeSiteInit(site: InitSite): string {
  const resolved = simulatableInit(site);
  if ('init' in resolved) return describeInit(resolved.init);
  const expressions = site.unresolved.map((u) => `\`${u}\``).join(', ');
  return `${site.init.scheme.replace(/_/g, ' ')}, scale not resolved${expressions === '' ? '' : ` (${expressions})`}`;
}

/** Expressions of the site the simulation could not read and so took defaults for, in words. */
export function unreadNote(site: InitSite): string | null {
  if (site.unresolved.length === 0) return null;
  return `not read from the code: ${site.unresolved.map((u) => `\`${u}\``).join(', ')} (the scheme's defaults and the widths above are used instead)`;
}

function unresolvedReason(site: InitSite, what: string): string {
  const expressions = site.unresolved.map((u) => `\`${u}\``).join(', ');
  return expressions === ''
    ? `the code gives no ${what} Init Lens can read`
    : `the ${what} depends on ${expressions}, which is not a constant Init Lens can read (bind it to a literal value in this file)`;
}

/**
 * A conv layer (receptive field k, groups g) as a dense layer over channels whose weights are
 * scaled by √(k/g). Each unit then sums as much variance as in the conv, forward (fan_in = c_in/g·k)
 * and backward (fan_out = c_out·k), so mean-field is exact and Monte Carlo sees channel-wide
 * layers; only spatial correlations are ignored.
 */
export function denseEquivalentLayer(layer: LayerSpec): { layer: LayerSpec; note?: string } {
  const rf = layer.init.receptiveField ?? 1;
  const groups = layer.init.groups ?? 1;
  const biasIsConv = (layer.bias?.receptiveField ?? 1) !== 1 || (layer.bias?.groups ?? 1) !== 1;
  if (rf === 1 && groups === 1 && !biasIsConv) return { layer };
  const scale = Math.sqrt(rf / groups);
  // dirac_: the centre tap passes each channel through unchanged, as an identity does.
  const init =
    layer.init.scheme === 'eye'
      ? { scheme: 'eye' as const, value: layer.init.value ?? layer.init.gain ?? 1 }
      : explicitInit(resolveInit(layer.init, layer.fanIn, layer.fanOut), scale);
  // A bias is added once per unit, not summed over the receptive field: no scaling.
  const bias = layer.bias ? explicitInit(resolveInit(layer.bias, layer.fanIn, layer.fanOut), 1) : undefined;
  const note =
    rf === 1 && groups === 1
      ? undefined
      : `conv layers simulated as dense layers over channels with weights scaled by √(receptive field${groups === 1 ? '' : '/groups'}) = ${formatQuantity(scale)}, which keeps each unit's variance (spatial correlations are ignored)`;
  return { layer: { ...layer, init, ...(bias ? { bias } : {}) }, ...(note ? { note } : {}) };
}

/** A resolved distribution as an InitSpec that no longer depends on fans, scaled by `s`. */
function explicitInit(d: WeightDistribution, s: number): InitSpec {
  switch (d.kind) {
    case 'normal':
      return { scheme: 'normal', mean: d.mean * s, std: d.std * s };
    case 'uniform':
      return { scheme: 'uniform', low: d.low * s, high: d.high * s };
    case 'truncated_normal':
      return { scheme: 'truncated_normal', mean: d.mean * s, std: d.std * s, low: d.low * s, high: d.high * s };
    case 'orthogonal':
      return { scheme: 'orthogonal', gain: d.gain * s };
    case 'sparse':
      return { scheme: 'sparse', sparsity: d.sparsity, std: d.std * s };
    case 'eye':
      return { scheme: 'eye', value: d.value };
    case 'constant':
      return { scheme: 'constant', value: d.value * s };
  }
}

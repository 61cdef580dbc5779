// The simulation controls: scheme and its number, activation, depth, width, batch, draws, seed,
// engine; the compare toggle and "Apply to code". The components register themselves on import
// (side-effect imports: type-only imports would be dropped by the bundler). Every change is validated here, with a message
// naming the field and its allowed range, and only a valid change reaches the host as a run.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { ACTIVATION_NAMES } from '../src/core/activations';
import { planSimulation } from '../src/core/simulate';
import type { ActivationSpec, EngineName, SchemeName } from '../src/core/types';
import { controlsOf, initFromControls, paramForSchemeChange, paramNameOf, paramProblem, PARAM_LABELS, PICKER_SCHEMES, SCHEME_LABELS } from '../src/panel/initControls';
import type { PanelLimits, PanelSetup, PanelSource } from '../src/panel/protocol';
import { activationLabel, compareSetup, sameSetup, setupDepth, setupWidth, shapeLabel, siteActivation, siteInit, withInit, withOptions, withShape } from '../src/panel/setup';
import { h, setHidden, uniqueId } from './dom';

/** The seed setting's range (initLens.seed). */
const SEED_MAX = 4294967295;

const ENGINES: { value: EngineName; label: string }[] = [
  { value: 'auto', label: 'auto' },
  { value: 'dense', label: 'dense' },
  { value: 'matrix-free', label: 'matrix-free' },
  { value: 'mean-field', label: 'mean-field' },
];

export interface ControlsContext {
  limits: PanelLimits;
  suggestion: PanelSetup | null;
  source: PanelSource | null;
  compareOn: boolean;
}

export interface ControlsCallbacks {
  /** A valid setup that differs from the one shown. */
  onSetup(setup: PanelSetup): void;
  /** Validation messages (empty when every field is valid). */
  onProblems(problems: string[]): void;
  onCompare(on: boolean): void;
  onApply(): void;
}

type IntegerField = 'depth' | 'width' | 'batch' | 'draws' | 'seed';

const INTEGER_LABELS: Record<IntegerField, string> = { depth: 'Depth', width: 'Width', batch: 'Batch', draws: 'Draws', seed: 'Seed' };

function select(options: { value: string; label: string }[]): VscodeSingleSelect {
  const element = document.createElement('vscode-single-select');
  for (const option of options) {
    const item = document.createElement('vscode-option');
    item.value = option.value;
    item.textContent = option.label;
    element.append(item);
  }
  return element;
}

function textfield(type: 'number' | 'text'): VscodeTextfield {
  const field = document.createElement('vscode-textfield');
  field.type = type;
  return field;
}

/** A labelled field; `help` is a line under it (or null). */
function field(label: string, control: HTMLElement, help: HTMLElement | null = null): { wrapper: HTMLElement; label: HTMLElement } {
  const id = uniqueId('control');
  control.id = id;
  const labelElement = document.createElement('vscode-label');
  labelElement.setAttribute('for', id);
  labelElement.textContent = label;
  if ('label' in control) (control as VscodeTextfield).label = label;
  return { wrapper: h('div', { class: 'field' }, labelElement, control, help), label: labelElement };
}

export class Controls {
  readonly element: HTMLElement;
  private readonly scheme = select(PICKER_SCHEMES.map((s) => ({ value: s, label: SCHEME_LABELS[s] })));
  private readonly param = textfield('text');
  private readonly paramField: { wrapper: HTMLElement; label: HTMLElement };
  private readonly activation = select(ACTIVATION_NAMES.map((name) => ({ value: name, label: activationLabel({ name }) })));
  private readonly integers: Record<IntegerField, VscodeTextfield> = {
    depth: textfield('number'),
    width: textfield('number'),
    batch: textfield('number'),
    draws: textfield('number'),
    seed: textfield('number'),
  };
  private readonly engine = select(ENGINES);
  private readonly shapeNote = h('p', { class: 'field-help' });
  private readonly compare: VscodeCheckbox;
  private readonly compareWrap: HTMLElement;
  private readonly apply: VscodeButton;
  private readonly applyWrap: HTMLElement;
  private setup: PanelSetup | null = null;
  private context: ControlsContext | null = null;

  constructor(private readonly callbacks: ControlsCallbacks) {
    this.paramField = field('std', this.param);
    this.param.setAttribute('inputmode', 'decimal');
    const grid = h(
      'div',
      { class: 'controls-grid' },
      field('Scheme', this.scheme).wrapper,
      this.paramField.wrapper,
      field('Activation', this.activation).wrapper,
      field('Depth', this.integers.depth).wrapper,
      field('Width', this.integers.width).wrapper,
      field('Batch', this.integers.batch).wrapper,
      field('Draws', this.integers.draws).wrapper,
      field('Seed', this.integers.seed).wrapper,
      field('Engine', this.engine).wrapper,
    );
    // Stable hooks for tests (the preview harness and the editor test find fields by name).
    this.scheme.dataset.field = 'scheme';
    this.param.dataset.field = 'param';
    this.activation.dataset.field = 'activation';
    this.engine.dataset.field = 'engine';
    for (const [key, control] of Object.entries(this.integers)) control.dataset.field = key;
    this.integers.seed.min = 0;
    this.integers.seed.max = SEED_MAX;
    this.compare = document.createElement('vscode-checkbox');
    this.compare.label = 'Compare with the suggested init';
    this.compareWrap = h('span', { class: 'compare-wrap' }, this.compare);
    this.apply = document.createElement('vscode-button');
    this.apply.textContent = 'Apply to code';
    this.applyWrap = h('span', { class: 'apply-wrap' }, this.apply);
    this.compare.dataset.field = 'compare';
    this.apply.dataset.field = 'apply';
    const actions = h('div', { class: 'controls-actions' }, this.compareWrap, this.applyWrap);
    this.element = h('section', { class: 'controls', 'aria-label': 'Simulation controls' }, grid, this.shapeNote, actions);

    this.scheme.addEventListener('change', () => this.onSchemeChange());
    this.activation.addEventListener('change', () => this.commit());
    this.engine.addEventListener('change', () => this.commit());
    for (const control of [this.param, ...Object.values(this.integers)]) {
      control.addEventListener('input', () => this.read());
      control.addEventListener('change', () => this.commit());
    }
    this.compare.addEventListener('change', () => this.callbacks.onCompare(this.compare.checked));
    this.apply.addEventListener('click', () => {
      if (!this.apply.disabled) this.callbacks.onApply();
    });
  }

  /** Shows a setup (from the host, a restore, or a committed change). */
  show(setup: PanelSetup, context: ControlsContext): void {
    this.setup = setup;
    this.context = context;
    const controls = controlsOf(siteInit(setup));
    this.scheme.value = controls.scheme;
    this.showParam(controls.scheme, controls.param?.value ?? null);
    this.activation.value = siteActivation(setup).name;
    const values: Record<IntegerField, number> = {
      depth: setupDepth(setup),
      width: setupWidth(setup),
      batch: setup.options.batch,
      draws: setup.options.draws,
      seed: setup.options.seed,
    };
    const maxima: Record<IntegerField, number> = { ...context.limits, seed: SEED_MAX };
    for (const key of Object.keys(values) as IntegerField[]) {
      const control = this.integers[key];
      control.value = String(values[key]);
      control.min = key === 'seed' ? 0 : 1;
      control.max = maxima[key];
      control.invalid = false;
    }
    this.engine.value = setup.options.engine;
    this.shapeNote.textContent =
      setup.shape === 'stack' ? `The stack from the code: ${shapeLabel(setup.network)}. Changing depth, width or activation simulates a square network instead.` : '';
    setHidden(this.shapeNote, setup.shape !== 'stack');

    const suggested = context.suggestion ? SCHEME_LABELS[siteInit(compareSetup(setup, context.suggestion)).scheme] : null;
    this.compare.label = suggested ? `Compare with ${suggested}` : 'Compare with the suggested init';
    this.compare.checked = context.compareOn && context.suggestion !== null;
    this.compare.disabled = context.suggestion === null;
    this.compareWrap.title =
      context.suggestion === null
        ? 'Nothing to compare with: this init is already the one recommended for its activation.'
        : `Overlay ${suggested} on the same network, in other colours.`;
    this.apply.disabled = context.source === null;
    this.applyWrap.title =
      context.source === null ? 'This panel was not opened from a line of code, so there is nothing to write to.' : `Write this init to ${context.source.label}.`;
    this.callbacks.onProblems([]);
  }

  private showParam(scheme: SchemeName, value: number | null): void {
    const name = paramNameOf(scheme);
    setHidden(this.paramField.wrapper, name === null);
    if (name === null) return;
    const label = PARAM_LABELS[name];
    this.paramField.label.textContent = label;
    this.param.label = `${SCHEME_LABELS[scheme]} ${label}`;
    this.param.value = value === null ? String(controlsOf({ scheme }).param?.value ?? '') : String(value);
    this.param.invalid = false;
  }

  private onSchemeChange(): void {
    if (!this.setup) return;
    const scheme = this.scheme.value as SchemeName;
    const current = controlsOf(siteInit(this.setup));
    this.showParam(scheme, scheme === current.scheme ? (current.param?.value ?? null) : paramForSchemeChange(current, scheme));
    this.commit();
  }

  /** The setup the fields describe, or the problems that stop it from running. */
  private read(): { setup: PanelSetup } | { problems: string[] } | null {
    const base = this.setup;
    const context = this.context;
    if (!base || !context) return null;
    const problems: string[] = [];
    const maxima: Record<IntegerField, number> = { ...context.limits, seed: SEED_MAX };
    const numbers = {} as Record<IntegerField, number>;
    for (const key of Object.keys(this.integers) as IntegerField[]) {
      const control = this.integers[key];
      const text = control.value.trim();
      const value = text === '' ? Number.NaN : Number(text);
      const min = key === 'seed' ? 0 : 1;
      const ok = Number.isInteger(value) && value >= min && value <= maxima[key];
      control.invalid = !ok;
      if (!ok) problems.push(`${INTEGER_LABELS[key]} must be an integer from ${min} to ${maxima[key]} (got ${text === '' ? 'nothing' : `“${text}”`}).`);
      numbers[key] = value;
    }
    const scheme = this.scheme.value as SchemeName;
    let paramValue: number | null = null;
    if (paramNameOf(scheme) !== null) {
      const text = this.param.value.trim();
      paramValue = text === '' ? Number.NaN : Number(text);
      const problem = paramProblem(scheme, paramValue);
      this.param.invalid = problem !== null;
      if (problem) problems.push(problem);
    }
    if (problems.length > 0) {
      this.callbacks.onProblems(problems);
      return { problems };
    }
    const activationName = this.activation.value as ActivationSpec['name'];
    const current = siteActivation(base);
    const activation: ActivationSpec = activationName === current.name ? current : { name: activationName };
    let setup = withInit(base, initFromControls(siteInit(base), scheme, paramValue));
    setup = withShape(setup, { depth: numbers.depth, width: numbers.width, activation });
    setup = withOptions(setup, { batch: numbers.batch, draws: numbers.draws, seed: numbers.seed, engine: this.engine.value as EngineName });
    // The core's own checks (scheme parameters, engine applicability, memory), without running anything.
    try {
      planSimulation(setup.network, { batch: setup.options.batch, seeds: setup.options.draws, seed: setup.options.seed, rng: 'xoshiro', engine: setup.options.engine, bins: 30 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
      this.callbacks.onProblems(problems);
      return { problems };
    }
    this.callbacks.onProblems([]);
    return { setup };
  }

  private commit(): void {
    const outcome = this.read();
    if (!outcome || !('setup' in outcome) || !this.setup) return;
    if (sameSetup(outcome.setup, this.setup)) return;
    this.callbacks.onSetup(outcome.setup);
  }
}

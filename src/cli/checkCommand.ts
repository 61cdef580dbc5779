// `init-lens check PATH...`: every init site under the paths, the network it belongs to, and
// a verdict from mean-field plus a quick Monte Carlo run. Unreadable files are reported, never fatal.

import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ACTIVATION_NAMES, parseActivation } from '../core/activations';
import { InputError, requireInteger } from '../core/errors';
import { LIMITS } from '../core/simulate';
import type { ActivationSpec } from '../core/types';
import type { DirectionVerdict } from '../diagnose/verdict';
import { networkForSite, type NetworkDefaults, type SiteNetwork } from '../model/network';
import { findInitSites } from '../parse/sites';
import type { InitSite } from '../parse/types';
import { outcomeFor, type SiteOutcome } from '../analysis/quickSimulation';
import { analyseSource, sizeProblem, type SiteFinder, type SourceProblem } from '../analysis/sourceAnalysis';
import { SETTINGS_DEFAULTS } from '../settings/defaults';
import { joinNegativeNumbers } from './args';
import { checkJson } from './report/checkJson';
import { checkText } from './report/checkText';
import { compileExclude, discoverFiles, SKIPPED_DIRECTORIES } from './scan';

// Shared with `init-lens review` (src/review/), re-exported where check's callers import them.
export { simulateQuick, type SiteOutcome } from '../analysis/quickSimulation';
export type { SiteFinder } from '../analysis/sourceAnalysis';

export const VERDICT_NAMES: readonly DirectionVerdict[] = ['healthy', 'drifting', 'vanishing', 'exploding', 'saturating', 'dead', 'symmetric'];

export const CHECK_DEFAULTS = {
  depth: SETTINGS_DEFAULTS.defaultDepth,
  width: SETTINGS_DEFAULTS.defaultWidth,
  activation: SETTINGS_DEFAULTS.defaultActivation,
  batch: SETTINGS_DEFAULTS.defaultBatch,
} as const;

export const CHECK_USAGE = `Usage: init-lens check PATH... [options]

Finds weight-initialization code in .py and .ipynb files under each PATH and simulates what it
does to the network it belongs to. What the code does not say (depth, width, activation, batch)
is taken from the options below and listed as an assumption for each site; a comment
"# init-lens: depth=50 width=80 activation=relu batch=128" on or above the line overrides it.

  --depth L            layers when the code does not say (default ${CHECK_DEFAULTS.depth}, 1 to ${LIMITS.depth})
  --width N            width when the code does not say (default ${CHECK_DEFAULTS.width}, 1 to ${LIMITS.width})
  --activation ACT     activation when the code does not say (default ${CHECK_DEFAULTS.activation}):
                       ${ACTIVATION_NAMES.join(', ')}; leaky_relu:0.2, elu:1.5 set the parameter
  --batch B            samples per simulation (default ${CHECK_DEFAULTS.batch}, 1 to ${LIMITS.batch})
  --exclude GLOB       skip matching files and directories (repeatable; gitignore style: *, **, ?,
                       [abc], trailing / for directories, leading / or an inner / anchors at PATH)
  --fail-on LIST       exit 1 when a site's forward or backward verdict is in LIST, comma-separated:
                       ${VERDICT_NAMES.join(', ')}
  --json               print one JSON object: { files, sites: [...], errors: [...] }

Always skipped: ${SKIPPED_DIRECTORIES.join(', ')}.
Each verdict comes from mean-field theory plus one dense Monte Carlo draw (seed 0); networks too
large for a quick run use mean-field only and say so. Notebook sites print as FILE#cell N:LINE
(cells counted from 1; "cell" is 0-based in --json). Exit codes: 0 done, 1 --fail-on matched,
2 bad arguments.
`;

const OPTIONS = {
  depth: { type: 'string' },
  width: { type: 'string' },
  activation: { type: 'string' },
  batch: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'fail-on': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CheckError = SourceProblem;

export interface CheckedSite {
  site: InitSite & { file: string };
  network: SiteNetwork;
  outcome: SiteOutcome;
}

export interface CheckReport {
  files: number;
  sites: CheckedSite[];
  errors: CheckError[];
}

export function runCheck(argv: string[], write: (text: string) => void, find: SiteFinder = findInitSites): number {
  const { values, positionals } = parseArgs({ args: joinNegativeNumbers(argv), options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    write(CHECK_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new InputError('PATH', 'given: one or more files or directories to check', 'nothing');
  const defaults = parseDefaults(values);
  const failOn = parseFailOn(values['fail-on'] ?? []);
  const patterns = (values.exclude ?? []).map(compileExclude);
  const scan = discoverFiles(positionals, patterns);
  const report = checkFiles(scan.files, defaults, find);
  report.errors.unshift(...scan.errors);
  write(values.json ? `${JSON.stringify(checkJson(report))}\n` : checkText(report));
  return report.sites.some((s) => s.outcome.verdict && (failOn.has(s.outcome.verdict.forward) || failOn.has(s.outcome.verdict.backward))) ? 1 : 0;
}

type Values = { depth?: string; width?: string; activation?: string; batch?: string };

export function parseDefaults(values: Values): NetworkDefaults {
  const origin = (key: keyof Values) => (values[key] === undefined ? `default of --${key}` : `--${key}`);
  const integer = (key: 'depth' | 'width' | 'batch', max: number): number => {
    const text = values[key];
    if (text === undefined) return CHECK_DEFAULTS[key];
    const n = Number(text);
    if (text.trim() === '' || !Number.isSafeInteger(n)) throw new InputError(`--${key}`, `an integer from 1 to ${max}`, text);
    return requireInteger(`--${key}`, n, 1, max);
  };
  let activation: ActivationSpec;
  try {
    activation = parseActivation(values.activation ?? CHECK_DEFAULTS.activation);
  } catch (error) {
    throw new Error(`--activation: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    depth: integer('depth', LIMITS.depth),
    width: integer('width', LIMITS.width),
    activation,
    batch: integer('batch', LIMITS.batch),
    origin: { depth: origin('depth'), width: origin('width'), activation: origin('activation'), batch: origin('batch') },
  };
}

export function parseFailOn(lists: readonly string[]): Set<DirectionVerdict> {
  const failOn = new Set<DirectionVerdict>();
  for (const list of lists) {
    for (const raw of list.split(',')) {
      const name = raw.trim().toLowerCase();
      if (!(VERDICT_NAMES as readonly string[]).includes(name)) {
        throw new InputError('--fail-on', `a comma-separated list of: ${VERDICT_NAMES.join(', ')}`, raw.trim());
      }
      failOn.add(name as DirectionVerdict);
    }
  }
  return failOn;
}

/** Reads, analyses and simulates every file. Identical networks are simulated once. */
export function checkFiles(files: readonly string[], defaults: NetworkDefaults, find: SiteFinder = findInitSites): CheckReport {
  const report: CheckReport = { files: files.length, sites: [], errors: [] };
  const simulations = new Map<string, SiteOutcome>();
  for (const file of files) {
    const found = analyseFile(file, find);
    report.errors.push(...found.errors);
    for (const site of found.sites) {
      const network = networkForSite(site, defaults);
      report.sites.push({ site: { ...site, file }, network, outcome: outcomeFor(network, simulations) });
    }
  }
  return report;
}

function analyseFile(file: string, find: SiteFinder): { sites: InitSite[]; errors: CheckError[] } {
  let text: string;
  try {
    const tooLarge = sizeProblem(file, statSync(file).size);
    if (tooLarge) return { sites: [], errors: [tooLarge] };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { sites: [], errors: [{ file, message: `cannot read: ${messageOf(error)}` }] };
  }
  return analyseSource(file, text, find);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

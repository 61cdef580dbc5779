// `init-lens check PATH...`: every init site under the paths, the network it belongs to, and
// a verdict from mean-field plus a quick Monte Carlo run. Unreadable files are reported, never fatal.

import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ACTIVATION_NAMES, parseActivation } from '../core/activations';
import { InputError, requireInteger } from '../core/errors';
import { LIMITS, simulate } from '../core/simulate';
import { meanFieldInapplicable } from '../core/theory';
import type { ActivationSpec, NetworkSpec, SimulationResult } from '../core/types';
import { diagnose, formatNumber, type DirectionVerdict, type Verdict } from '../diagnose/verdict';
import { networkForSite, type NetworkDefaults, type SiteNetwork } from '../model/network';
import { cellOfLine, combineCells, findInitSitesInNotebook } from '../parse/notebook';
import { findOverrideComments, type OverrideComment } from '../parse/override';
import { findInitSites } from '../parse/sites';
import { parsePython } from '../parse/syntax';
import type { InitSite } from '../parse/types';
import { denseFlops, QUICK_RUN_FLOPS } from '../analysis/quickRun';
import { SETTINGS_DEFAULTS } from '../settings/defaults';
import { joinNegativeNumbers } from './args';
import { checkJson } from './report/checkJson';
import { checkText } from './report/checkText';
import { compileExclude, discoverFiles, SKIPPED_DIRECTORIES } from './scan';

export const VERDICT_NAMES: readonly DirectionVerdict[] = ['healthy', 'drifting', 'vanishing', 'exploding', 'saturating', 'dead', 'symmetric'];

export const CHECK_DEFAULTS = {
  depth: SETTINGS_DEFAULTS.defaultDepth,
  width: SETTINGS_DEFAULTS.defaultWidth,
  activation: SETTINGS_DEFAULTS.defaultActivation,
  batch: SETTINGS_DEFAULTS.defaultBatch,
} as const;

/** Files larger than this are reported and skipped (a .py this size is generated, not written). */
const MAX_BYTES = { '.py': 10 * 2 ** 20, '.ipynb': 200 * 2 ** 20 } as const;

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

export interface CheckError {
  file: string;
  cell?: number;
  /** 1-based (within the cell for notebooks), when the problem is at a line. */
  line?: number;
  message: string;
}

export type SiteOutcome =
  | { verdict: Verdict; engine: string; meanFieldGap: string | null }
  | { verdict: null; reason: string };

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

/** How to find sites in Python text; tests substitute it. */
export type SiteFinder = (source: string, options: { file: string }) => InitSite[];

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
  const notebook = file.endsWith('.ipynb');
  let text: string;
  try {
    const size = statSync(file).size;
    const limit = MAX_BYTES[notebook ? '.ipynb' : '.py'];
    if (size > limit) return { sites: [], errors: [{ file, message: `larger than ${limit / 2 ** 20} MB (${(size / 2 ** 20).toFixed(1)} MB); skipped` }] };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { sites: [], errors: [{ file, message: `cannot read: ${messageOf(error)}` }] };
  }
  try {
    if (notebook) {
      const read = findInitSitesInNotebook(text, file);
      // The report names file and cell itself: drop the reader's own "FILE: cell N: " prefix.
      const errors: CheckError[] = read.errors.map((e) => ({
        file,
        ...(e.cell !== undefined ? { cell: e.cell } : {}),
        message: e.message.replace(`${file}: `, '').replace(/^cell \d+: /, ''),
      }));
      const combined = combineCells(read.cells);
      const comments = overrideComments(combined.text).flatMap((c) => {
        const at = cellOfLine(combined, c.line);
        return at ? [{ ...c, ...at }] : [];
      });
      errors.push(...overrideProblems(file, comments, read.sites));
      return { sites: read.sites, errors };
    }
    const sites = find(text, { file });
    return { sites, errors: overrideProblems(file, overrideComments(text), sites) };
  } catch (error) {
    // The parser is error-tolerant; this keeps one detector bug from stopping the scan.
    return { sites: [], errors: [{ file, message: `could not be analysed: ${messageOf(error)}` }] };
  }
}

function overrideComments(text: string): OverrideComment[] {
  return text.toLowerCase().includes('init-lens:') ? findOverrideComments(parsePython(text)) : [];
}

/** Bad keys in init-lens comments, and comments that sit on or above no init site. */
function overrideProblems(file: string, comments: readonly (OverrideComment & { cell?: number })[], sites: readonly InitSite[]): CheckError[] {
  const problems: CheckError[] = [];
  for (const c of comments) {
    const where = { file, ...(c.cell !== undefined ? { cell: c.cell } : {}), line: c.line + 1 };
    for (const message of c.errors) problems.push({ ...where, message });
    const applies = sites.some((s) => s.cell === c.cell && (s.range.start.line === c.line || (c.commentOnly && s.range.start.line === c.line + 1)));
    if (!applies && c.override) {
      problems.push({ ...where, message: 'init-lens comment applies to no init site: put it on the init line, or alone on the line above it' });
    }
  }
  return problems;
}

function outcomeFor(network: SiteNetwork, cache: Map<string, SiteOutcome>): SiteOutcome {
  if (network.network === null) return { verdict: null, reason: network.reason };
  const key = `${network.batch}|${JSON.stringify(network.network)}`;
  let outcome = cache.get(key);
  if (!outcome) {
    outcome = simulateQuick(network.network, network.batch);
    cache.set(key, outcome);
  }
  return outcome;
}

/** Mean-field plus one dense draw when that is quick; mean-field alone (said so) otherwise. */
export function simulateQuick(network: NetworkSpec, batch: number): SiteOutcome {
  const flops = denseFlops(network, batch);
  const options = { batch, seeds: 1, seed: 0, rng: 'xoshiro' as const, bins: 10 };
  try {
    if (flops <= QUICK_RUN_FLOPS) {
      const result = simulate(network, { ...options, engine: 'dense' });
      return { verdict: diagnose(result), engine: `dense Monte Carlo (batch ${batch}, 1 draw, seed 0) + mean-field`, meanFieldGap: meanFieldGap(result) };
    }
    const inapplicable = meanFieldInapplicable(network);
    if (inapplicable !== null) {
      return { verdict: null, reason: `too large for a quick Monte Carlo run (${formatNumber(flops)} multiply-adds) and mean-field does not apply (${inapplicable}); try init-lens simulate` };
    }
    const result = simulate(network, { ...options, engine: 'mean-field' });
    return {
      verdict: diagnose(result),
      engine: `mean-field only: the network is too large for a quick Monte Carlo run (${formatNumber(flops)} multiply-adds, limit ${formatNumber(QUICK_RUN_FLOPS)}), so finite-width effects and dead units are not measured`,
      meanFieldGap: null,
    };
  } catch (error) {
    return { verdict: null, reason: `simulation failed: ${messageOf(error)}` };
  }
}

/** Where the Monte Carlo draw ends far from the mean-field line (finite width), in words. */
function meanFieldGap(result: SimulationResult): string | null {
  const mf = result.meanField;
  if (!mf || result.overflow || mf.layers.length !== result.layers.length) return null;
  const mc = result.layers.at(-1)?.forward.std;
  const theory = mf.layers.at(-1)?.std;
  if (mc === undefined || theory === undefined || !(mc > 0) || !(theory > 0)) return null;
  const ratio = mc / theory;
  if (ratio >= 0.5 && ratio <= 2) return null;
  const factor = ratio > 1 ? ratio : 1 / ratio;
  return `The Monte Carlo draw ends ${formatNumber(factor)}× ${ratio > 1 ? 'above' : 'below'} the mean-field prediction at layer ${result.layers.length}: at this width single networks vary a lot around the infinite-width line.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// `review --format sarif`: SARIF 2.1.0 for GitHub code scanning. One result per site whose
// verdict after the change is a problem; its rule is the most severe problem verdict
// (symmetric > exploding > vanishing > dead > saturating). Level: "error" when the change made
// the site worse (regressed), "warning" otherwise. Notebook regions are lines within the cell
// (the uri is the .ipynb; the cell is named in the message and in properties.cell).

import packageJson from '../../../package.json';
import type { DirectionVerdict } from '../../diagnose/verdict';
import { primaryProblem, problemSites, problemsOf } from '../../review/regression';
import type { ReviewReport, ReviewedSite, SiteVersion } from '../../review/types';
import { changeWords, fixWords, schemeOf, networkOf, verdictOf, verdictSummary } from './reviewPhrases';

type Rule = { verdict: DirectionVerdict; name: string; short: string; full: string; help: string };

export const SARIF_RULES: readonly Rule[] = [
  {
    verdict: 'vanishing',
    name: 'VanishingSignal',
    short: 'Activations or gradients vanish with depth',
    full: 'With this initialization the std of the activations (forward) or of the gradients (backward) shrinks below a tenth of its first-layer value across the network, so deep layers learn slowly or not at all.',
    help: 'Scale the weights for the activation: He (std √(2/fan_in)) for ReLU-like activations, Xavier/Glorot for tanh, sigmoid and linear, LeCun for SELU. The message names the fix for this site.',
  },
  {
    verdict: 'exploding',
    name: 'ExplodingSignal',
    short: 'Activations or gradients explode with depth',
    full: 'With this initialization the std of the activations or of the gradients grows more than tenfold across the network (or overflows), so training diverges or needs tiny learning rates.',
    help: 'Use the variance-preserving scheme for the activation (He for ReLU-like, Xavier/Glorot for tanh and sigmoid, LeCun for SELU) instead of a fixed large std.',
  },
  {
    verdict: 'saturating',
    name: 'SaturatedUnits',
    short: 'tanh/sigmoid units saturate',
    full: 'More than half of the units of a tanh or sigmoid layer sit in the flat part of the activation (|a| > 0.99 for tanh), where the gradient is almost zero.',
    help: 'Lower the weight scale to Xavier/Glorot for tanh and sigmoid so pre-activations stay in the responsive range.',
  },
  {
    verdict: 'dead',
    name: 'DeadUnits',
    short: 'ReLU units are dead for the whole batch',
    full: 'More than half of the units of a ReLU-like layer output zero for every sample of the batch, so they pass no gradient.',
    help: 'Use He initialization with zero-mean weights (and zero or small biases) so about half the units are active for each input.',
  },
  {
    verdict: 'symmetric',
    name: 'SymmetricWeights',
    short: 'Constant initialization: symmetry is never broken',
    full: 'Every weight of the layer starts with the same value, so all units compute the same function and receive the same gradient; training cannot make them differ.',
    help: 'Draw the weights at random (He for ReLU-like activations, Xavier/Glorot for tanh and sigmoid); constants are only for biases.',
  },
];

export function reviewSarif(report: ReviewReport) {
  const sites = problemSites(report);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Init Lens',
            version: packageJson.version,
            semanticVersion: packageJson.version,
            informationUri: informationUri(),
            rules: SARIF_RULES.map((r) => ({
              id: `init-lens/${r.verdict}`,
              name: r.name,
              shortDescription: { text: r.short },
              fullDescription: { text: r.full },
              help: { text: r.help, markdown: r.help },
              defaultConfiguration: { level: 'warning' },
              properties: { tags: ['initialization', 'deep-learning', r.verdict] },
            })),
          },
        },
        // Columns are JavaScript string offsets: UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'warning',
              message: { text: `${e.cell !== undefined ? `cell ${e.cell + 1}: ` : ''}${e.message} (${e.side === 'base' ? 'before' : 'after'} the change)` },
              locations: [{ physicalLocation: { artifactLocation: { uri: e.file }, ...(e.line !== undefined ? { region: { startLine: e.line } } : {}) } }],
            })),
          },
        ],
        results: sites.map((site) => result(site)),
        properties: {
          base: report.base,
          head: report.head,
          counts: report.counts,
        },
      },
    ],
  };
}

function result(site: ReviewedSite) {
  const after = site.after as SiteVersion;
  const verdict = primaryProblem(after.outcome) as DirectionVerdict;
  const ruleIndex = SARIF_RULES.findIndex((r) => r.verdict === verdict);
  const { site: init } = after;
  const region = {
    startLine: init.range.start.line + 1,
    startColumn: init.range.start.column + 1,
    endLine: init.range.end.line + 1,
    endColumn: init.range.end.column + 1,
  };
  const fix = fixWords(after);
  const notebook = init.cell !== undefined;
  return {
    ruleId: `init-lens/${verdict}`,
    ruleIndex,
    level: site.regressed ? 'error' : 'warning',
    message: { text: message(site, after, fix) },
    locations: [{ physicalLocation: { artifactLocation: { uri: after.file }, region } }],
    // Replacements address the file's lines; a notebook's lines are its JSON's, so its fix stays in words.
    ...(after.suggestion && !notebook
      ? {
          fixes: [
            {
              description: { text: after.suggestion.title },
              artifactChanges: [
                {
                  artifactLocation: { uri: after.file },
                  replacements: after.suggestion.edits.map((e) => ({
                    deletedRegion: { startLine: e.start.line + 1, startColumn: e.start.column + 1, endLine: e.end.line + 1, endColumn: e.end.column + 1 },
                    insertedContent: { text: e.newText },
                  })),
                },
              ],
            },
          ],
        }
      : {}),
    properties: {
      change: site.change,
      regressed: site.regressed,
      forward: verdictOf(after, 'forward'),
      backward: verdictOf(after, 'backward'),
      problems: problemsOf(after.outcome),
      ...(site.before ? { before: { forward: verdictOf(site.before, 'forward'), backward: verdictOf(site.before, 'backward'), scheme: schemeOf(site.before) } } : {}),
      ...(notebook ? { cell: init.cell, cellNumber: (init.cell as number) + 1 } : {}),
      ...(fix ? { fix } : {}),
    },
  };
}

function message(site: ReviewedSite, after: SiteVersion, fix: string | null): string {
  const where = after.site.cell !== undefined ? `Notebook cell ${after.site.cell + 1} (0-based index ${after.site.cell}), line ${after.site.range.start.line + 1} of the cell: ` : '';
  const verdict = after.outcome.verdict;
  const was = site.before ? ` (before the change: forward ${verdictOf(site.before, 'forward')}, backward ${verdictOf(site.before, 'backward')})` : '';
  const lines = [
    `${where}${schemeOf(after)} · ${networkOf(after)} — forward ${verdictOf(after, 'forward')}, backward ${verdictOf(after, 'backward')}${was}; ${changeWords(site)}${site.regressed ? ', regressed' : ''}.`,
    ...(verdict ? [verdictSummary(after)] : []),
    ...(fix ? [`Fix: ${fix}`] : []),
  ];
  return lines.join('\n');
}

/** Where the tool is documented: package.json's homepage or repository, else its Marketplace page. */
function informationUri(): string {
  const pkg = packageJson as { homepage?: string; repository?: string | { url?: string }; publisher?: string; name: string };
  if (pkg.homepage) return pkg.homepage;
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (repository && /^https?:\/\//.test(repository)) return repository.replace(/\.git$/, '');
  return `https://marketplace.visualstudio.com/items?itemName=${pkg.publisher ?? pkg.name}.${pkg.name}`;
}

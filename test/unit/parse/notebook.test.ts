import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blankIPython,
  cellOfLine,
  combineCells,
  findInitSitesInCells,
  findInitSitesInNotebook,
  mapSitesToCells,
  readNotebook,
} from '../../../src/parse/notebook';
import { parsePython, rangeOf } from '../../../src/parse/syntax';
import type { InitSite } from '../../../src/parse/types';

function notebook(cells: unknown[], metadata: unknown = { language_info: { name: 'python' } }): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });
}

const code = (source: unknown) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null });
const markdown = (source: string) => ({ cell_type: 'markdown', source, metadata: {} });

test('readNotebook: sources as strings or line lists, every cell kept in order', () => {
  const json = `\uFEFF${notebook([markdown('# Title'), code(['import numpy as np\n', 'n = 500']), code('W = 1'), { cell_type: 'raw', source: 'x' }])}`;
  const read = readNotebook(json, 'nb.ipynb');
  assert.deepEqual(read.errors, []);
  assert.deepEqual(read.cells, [
    { kind: 'markdown', source: '# Title' },
    { kind: 'code', source: 'import numpy as np\nn = 500' },
    { kind: 'code', source: 'W = 1' },
    { kind: 'raw', source: 'x' },
  ]);
});

test('malformed JSON: one error naming the file, the problem and where; never throws', () => {
  const read = readNotebook('{"cells": [\n  {"cell_type": "code",, }\n]}', 'broken.ipynb');
  assert.deepEqual(read.cells, []);
  assert.equal(read.errors.length, 1);
  assert.equal(read.errors[0].file, 'broken.ipynb');
  // V8 words the problem; the reader adds where it is.
  assert.match(read.errors[0].message, /^broken\.ipynb: not valid JSON at line 2, column 24: \S.*[^)]$/);
  assert.match(readNotebook('', 'empty.ipynb').errors[0].message, /^empty\.ipynb: not valid JSON/);
  assert.match(readNotebook('{"cells": [', undefined).errors[0].message, /^notebook: not valid JSON/);
});

test('wrong shapes are named; readable cells are still returned', () => {
  const problem = (json: string) => readNotebook(json, 'x.ipynb').errors.map((e) => e.message);
  assert.deepEqual(problem('[1, 2]'), ['x.ipynb: not a Jupyter notebook: the top level is not a JSON object']);
  assert.deepEqual(problem('{"metadata": {}}'), ['x.ipynb: not a Jupyter notebook: no "cells" list']);
  assert.deepEqual(problem('{"cells": {}}'), ['x.ipynb: not a Jupyter notebook: no "cells" list']);
  assert.deepEqual(problem('{"nbformat": 3, "worksheets": []}'), ['x.ipynb: nbformat 3 is not supported (expected nbformat 4; re-save it with Jupyter)']);
  assert.deepEqual(problem(notebook([], { kernelspec: { language: 'R' } })), ['x.ipynb: not a Python notebook (kernel language "r"); skipped']);
  const partial = readNotebook(notebook([code('a = 1'), 42, code(7), code(['x', 3]), code('b = 2')]), 'x.ipynb');
  assert.deepEqual(
    partial.errors.map((e) => [e.cell, e.message]),
    [
      [1, 'x.ipynb: cell 2: not a JSON object; skipped'],
      [2, 'x.ipynb: cell 3: "source" must be a string or a list of strings; cell skipped'],
      [3, 'x.ipynb: cell 4: "source" must be a string or a list of strings; cell skipped'],
    ],
  );
  assert.deepEqual(partial.cells.map((c) => c.source), ['a = 1', '', '', '', 'b = 2']);
  // A notebook without language metadata is taken as Python.
  assert.deepEqual(readNotebook('{"cells": []}').errors, []);
});

test('findInitSitesInNotebook never throws and passes reader errors through', () => {
  const result = findInitSitesInNotebook('not json', 'bad.ipynb');
  assert.deepEqual(result.sites, []);
  assert.equal(result.errors[0].file, 'bad.ipynb');
});

test('IPython syntax is blanked in place; Python that looks similar is kept', () => {
  const cell = [
    '%matplotlib inline',
    '!pip install torch',
    'files = !ls *.py',
    't = %timeit -o f()',
    'np.random.randn?',
    '??torch.nn.init',
    'if (a',
    '    != b):',
    '    pass',
    'doc = """',
    '% of units that die',
    '!important',
    '"""',
    'x = 5 % 3',
    '    %autoreload 2',
  ].join('\n');
  const out = blankIPython(cell);
  const lines = out.split('\n');
  assert.equal(out.length, cell.length);
  assert.deepEqual(
    lines.map((l) => l.trim() === ''),
    [true, true, true, true, true, true, false, false, false, false, false, false, false, false, true],
  );
  // Blanked lines keep their length, so columns and offsets after them do not move.
  assert.equal(lines[0], ' '.repeat('%matplotlib inline'.length));
});

test('cell magics: a Python body is kept, any other body is blanked', () => {
  assert.equal(blankIPython('%%time\nW = 1\n'), '      \nW = 1\n');
  assert.equal(blankIPython('# setup\n%%capture\nW = 1'), '# setup\n         \nW = 1');
  assert.equal(blankIPython('%%writefile model.py\nW = 1'), '                    \nW = 1');
  assert.equal(blankIPython('%%bash\nfor f in *; do\n  echo $f\ndone'), '      \n              \n         \n    ');
  assert.equal(blankIPython('%%writefile notes.txt\nW = 1'), '                     \n     ');
});

test('combineCells: code cells in order with a blank separator; lines map back to (cell, line)', () => {
  const combined = combineCells([
    { kind: 'markdown', source: '# Title' },
    'import numpy as np\nn = 500\n',
    { kind: 'markdown', source: 'text' },
    '%matplotlib inline\nW = np.random.randn(n, n) * 0.01',
  ]);
  assert.equal(combined.text, 'import numpy as np\nn = 500\n\n                  \nW = np.random.randn(n, n) * 0.01\n\n');
  assert.deepEqual(combined.spans.map((s) => [s.cell, s.startLine, s.lineCount]), [
    [1, 0, 2],
    [3, 3, 2],
  ]);
  assert.deepEqual(cellOfLine(combined, 0), { cell: 1, line: 0 });
  assert.deepEqual(cellOfLine(combined, 1), { cell: 1, line: 1 });
  assert.equal(cellOfLine(combined, 2), null);
  assert.deepEqual(cellOfLine(combined, 4), { cell: 3, line: 1 });
  assert.equal(cellOfLine(combined, 5), null);
  assert.equal(combineCells([]).text, '');
});

test('mapSitesToCells: ranges become cell-relative; a site running past its cell is clamped', () => {
  const combined = combineCells(['a = 1\n', 'b = 2\nW = f(\n', 'c = 3)\n']);
  const file = parsePython(combined.text);
  const site = (from: number, to: number): InitSite => ({
    range: rangeOf(file, { from, to }),
    framework: 'numpy',
    init: { scheme: 'normal', std: 1 },
    params: {},
    unresolved: [],
    implicit: false,
    context: {},
    text: combined.text.slice(from, to),
  });
  const wAt = combined.text.indexOf('W = f(');
  const cAt = combined.text.indexOf('c = 3)');
  const mapped = mapSitesToCells([site(wAt, wAt + 6), site(wAt, cAt + 6), site(cAt, cAt + 5)], combined, { file: 'nb.ipynb' });
  assert.deepEqual(
    mapped.map((s) => [s.file, s.cell, s.range.from, s.range.to, s.range.start, s.range.end]),
    [
      ['nb.ipynb', 1, 6, 12, { line: 1, column: 0 }, { line: 1, column: 6 }],
      ['nb.ipynb', 1, 6, 12, { line: 1, column: 0 }, { line: 1, column: 6 }],
      ['nb.ipynb', 2, 0, 5, { line: 0, column: 0 }, { line: 0, column: 5 }],
    ],
  );
});

test('sites: names carry from earlier cells; cell index counts every cell; line is within the cell', () => {
  const cells = [
    { kind: 'markdown' as const, source: '# Weight init' },
    'import numpy as np\nunit_num = 500\nscale = 0.01\n',
    { kind: 'markdown' as const, source: 'Now the loop' },
    '%matplotlib inline\nx = np.random.randn(1000, unit_num)\nfor i in range(10):\n    W = np.random.randn(unit_num, unit_num) * scale\n    x = np.tanh(x @ W)\n',
  ];
  const sites = findInitSitesInCells(cells, { file: 'nb.ipynb' });
  assert.equal(sites.length, 1);
  const [site] = sites;
  assert.equal(site.file, 'nb.ipynb');
  assert.equal(site.cell, 3);
  assert.deepEqual(site.range.start, { line: 3, column: 8 });
  assert.equal(site.params.std, 0.01);
  assert.equal(site.context.fanIn?.value, 500);
  assert.equal(site.context.depth?.value, 10);
  assert.equal(site.context.activation?.value.name, 'tanh');
  const text = cells[3] as string;
  assert.equal(text.slice(site.range.from, site.range.to), site.text);
});

test('notebook file: sites and overrides come out per cell', () => {
  const json = notebook([
    code('import numpy as np'),
    markdown('text'),
    code(['# init-lens: depth=50\n', 'W = np.random.randn(100, 100) * 0.1\n']),
  ]);
  const result = findInitSitesInNotebook(json, 'nb.ipynb');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.sites.map((s) => [s.cell, s.range.start.line, s.override]), [[2, 1, { depth: 50 }]]);
});

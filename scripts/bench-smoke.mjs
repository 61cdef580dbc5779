// Smoke check of the "Versus numpy" benchmark plumbing (not a benchmark, not part of npm test):
// builds the bench bundle, runs that section with every size shrunk (INIT_LENS_BENCH_QUICK=1),
// once with python3 + numpy and once pretending python is absent, and checks that every row
// printed a time, a SKIPPED or a "not available yet" instead of failing.
//   node scripts/bench-smoke.mjs
import { spawnSync } from 'node:child_process';

function run(command, args, env = {}) {
  const child = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (child.status !== 0) {
    process.stderr.write(child.stdout + child.stderr);
    throw new Error(`${command} ${args.join(' ')} exited with ${child.status}`);
  }
  return child.stdout;
}

const failures = [];
function expect(text, pattern, what) {
  if (!pattern.test(text)) failures.push(what);
}

run(process.execPath, ['esbuild.mjs', '--bench']);
const rows = ['(a)', '(b)', '(c)', '(d)', '(e)'];

const withPython = run(process.execPath, ['dist/bench/index.js', 'numpy'], { INIT_LENS_BENCH_QUICK: '1' });
process.stdout.write(withPython);
for (const tag of rows) expect(withPython, new RegExp(`^  \\${tag.slice(0, 2)}\\${tag.slice(2)} .*?(\\d ms|\\d s|not available yet|SKIPPED)`, 'm'), `row ${tag} printed no result`);
expect(withPython, /target: \(e\) ≥ 3× faster than \(a\)/, 'no target line for (a)');
expect(withPython, /Scaling when n doubles/, 'no scaling table');
expect(withPython, /2 threads at once .* GFLOP\/s[\s\S]*one matrix-free draw runs \d/, 'no GEMM floor lines');
expect(withPython, /^(?![\s\S]*FAILED)/, 'a row FAILED');

const withoutPython = run(process.execPath, ['dist/bench/index.js', 'numpy'], {
  INIT_LENS_BENCH_QUICK: '1',
  INIT_LENS_PYTHON: '/nonexistent/python3',
});
expect(withoutPython, /\(a\) numpy.*SKIPPED: \/nonexistent\/python3 not found/, 'absent python: (a) not skipped with a message');
expect(withoutPython, /\(b\) numpy.*SKIPPED/, 'absent python: (b) not skipped');
expect(withoutPython, /\(c\) Init Lens dense.*\d (ms|s)/, 'absent python: (c) did not run');

if (failures.length > 0) {
  console.error(`bench smoke: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nbench smoke: ok (with and without python3/numpy)');

// npm run bench: every figure is measured side by side in this one run, on this machine.
// `npm run bench -- numpy gemm` runs only the sections with those keys.
import { answerProbe } from './ceiling';
import { benchGemm } from './gemm';
import { benchParse } from './parse';
import { benchRng } from './rng';
import { benchSimulate } from './simulate';
import { benchVersusNumpy } from './versusNumpy';

const sections: [key: string, title: string, run: () => string[] | Promise<string[]>][] = [
  ['gemm', 'GEMM (Float64Array, one thread)', benchGemm],
  ['rng', 'Normal sampling', benchRng],
  ['simulate', 'End to end', benchSimulate],
  ['numpy', 'Versus numpy: the same job side by side (issue 4)', benchVersusNumpy],
  ['parse', 'Reading code', benchParse],
  ['sweep', 'The schemes × activations sweep, 12 × 12 at L=50, n=512 (issue 7)', () => import('./sweep').then((m) => m.benchSweep())],
];

async function main(only: string[]): Promise<void> {
  const unknown = only.filter((key) => !sections.some(([k]) => k === key));
  if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')}; sections: ${sections.map(([k]) => k).join(', ')}`);
  console.log(`Init Lens benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  for (const [key, title, run] of sections) {
    if (only.length > 0 && !only.includes(key)) continue;
    console.log(`\n## ${title}`);
    for (const line of await run()) console.log(line);
  }
}

// The bundle is also the script of the ceiling probe's worker threads.
if (!answerProbe()) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

// npm run bench: every figure is measured side by side in this one run, on this machine.
import { benchGemm } from './gemm';
import { benchParse } from './parse';
import { benchRng } from './rng';
import { benchSimulate } from './simulate';

const sections: [string, () => string[]][] = [
  ['GEMM (Float64Array, one thread)', benchGemm],
  ['Normal sampling', benchRng],
  ['End to end', benchSimulate],
  ['Reading code', benchParse],
];
console.log(`Init Lens benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const [title, run] of sections) {
  console.log(`\n## ${title}`);
  for (const line of run()) console.log(line);
}

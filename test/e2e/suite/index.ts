// Entry of the extension-host suite (extensionTestsPath): runs mocha inside the real VS Code.
import Mocha from 'mocha';
import { editorSuite } from './editorSuite';
import { reviewSuite } from './reviewSuite';
import { sweepSuite } from './sweepSuite';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 90_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'init-lens-e2e', mocha);
  editorSuite();
  sweepSuite();
  reviewSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

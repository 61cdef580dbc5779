// Sweeps in a real editor: started from the site under the cursor (its context pre-filled), run on
// the worker pool with a progress notification, drawn by the webview, cancelled mid-way keeping
// what finished, and a heatmap cell opening its single simulation.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { state, until, workspaceUri } from './helpers';

interface SweepOutcome {
  panelId: string;
  kind: string;
  complete: boolean;
  done: number;
  total: number;
}

export function sweepSuite(): void {
  suite('Init Lens sweeps in a real editor', () => {
    test('Sweep Gain from the CS231n line: tanh context, critical gain 1, the chart drew every point', async () => {
      const uri = workspaceUri('numpy_tanh.py');
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(5, 8, 5, 8);
      await state();
      const outcome = await vscode.commands.executeCommand<SweepOutcome>('initLens.sweepGain', { interactive: false });
      assert.equal(outcome.kind, 'gain');
      assert.equal(outcome.complete, true);
      assert.equal(outcome.done, outcome.total);
      const sweep = await until('the webview drew the finished sweep', async () =>
        (await state(false)).sweeps.find((s) => s.id === outcome.panelId && s.rendered?.complete === true),
      );
      // The site is tanh (σ_b = 0): χ₁ = 1 at σ_w = 1 exactly. Above 1, χ₁ − 1 ≈ (4/3)(g − 1)², so doubles
      // resolve the crossing to about 1e-8 (test/unit/sweep/criticalGain.test.ts derives the same bound).
      assert.ok(sweep.criticalGain !== null && Math.abs(sweep.criticalGain - 1) < 1e-7, `critical gain ${sweep.criticalGain}`);
      assert.equal(sweep.title, 'Init Lens: Gain sweep');
      assert.ok((sweep.rendered?.charts ?? 0) >= 2, `charts ${sweep.rendered?.charts}`);
      // The line's gain is 0.01·√500 = 0.224, so the grid widens from 0.25…4 (25 points) to 0.179…4 (28) to show it.
      assert.equal(sweep.rendered?.drawn, 28, 'every gain point drawn');
      assert.equal(sweep.rejected, 0);
    });

    test('Sweep Depth and Sweep Width from the He line: every depth and every width drawn, spread and prediction charts', async () => {
      const uri = workspaceUri('numpy_tanh.py');
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(9, 8, 9, 8); // W2 = randn(512, 512) * sqrt(2/512) in a 20-layer ReLU loop
      await state();
      const depth = await vscode.commands.executeCommand<SweepOutcome>('initLens.sweepDepth', { interactive: false, maxDepth: 100 });
      assert.equal(depth.kind, 'depth');
      assert.equal(depth.complete, true);
      const drawnDepth = await until('the depth sweep drawn', async () => (await state(false)).sweeps.find((s) => s.id === depth.panelId && s.rendered?.complete === true));
      // 1…100 log-spaced: distinct integer depths.
      assert.ok((drawnDepth.rendered?.drawn ?? 0) >= 10, `depth points drawn ${drawnDepth.rendered?.drawn}`);
      const width = await vscode.commands.executeCommand<SweepOutcome>('initLens.sweepWidth', { interactive: false, depth: 5, maxWidth: 64, draws: 8 });
      assert.equal(width.kind, 'width');
      assert.equal(width.complete, true);
      assert.equal(width.total, 3, 'widths 16, 32, 64');
      const drawnWidth = await until('the width sweep drawn', async () => (await state(false)).sweeps.find((s) => s.id === width.panelId && s.rendered?.complete === true));
      assert.equal(drawnWidth.rendered?.drawn, 3);
      assert.ok((drawnWidth.rendered?.charts ?? 0) >= 2, 'std and spread charts');
    });

    test('Sweep Schemes × Activations: cancelling keeps the finished cells; a cell opens its simulation', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const args = { interactive: false, depth: 40, width: 256, activations: ['relu', 'tanh', 'selu'], monteCarlo: 'always', draws: 2 };
      const running = vscode.commands.executeCommand<SweepOutcome>('initLens.sweepSchemes', args);
      // 33 mean-field cells come first (zeros has none), then 36 Monte Carlo runs: cancel among those.
      const live = await until('a sweep past its mean-field cells', async () => (await state(false)).sweeps.find((s) => s.running && s.done > 33));
      await vscode.commands.executeCommand('initLens.test.sweepMessage', live.id, { type: 'cancel' });
      const outcome = await running;
      assert.equal(outcome.complete, false, 'cancelled before the end');
      assert.ok(outcome.done > 0 && outcome.done < outcome.total, `${outcome.done} of ${outcome.total}`);
      const sweep = await until('the webview drew the partial sweep', async () =>
        (await state(false)).sweeps.find((s) => s.id === outcome.panelId && !s.running && s.rendered?.done === outcome.done),
      );
      assert.equal(sweep.complete, false);
      // Mean-field fills every cell it applies to first (12 schemes × 3 activations, zeros excepted).
      assert.ok((sweep.rendered?.drawn ?? 0) >= 33, `cells drawn ${sweep.rendered?.drawn}`);
      const panelsBefore = (await state(false)).panels.length;
      await vscode.commands.executeCommand('initLens.test.sweepMessage', outcome.panelId, { type: 'openCell', scheme: 'he_normal', activation: 'relu' });
      const opened = await until('the cell simulation panel', async () => {
        const s = await state(false);
        return s.panels.length > panelsBefore && s.panels.find((p) => p.verdict !== null) ? s : null;
      });
      assert.equal(opened.sweeps.find((s) => s.id === outcome.panelId)?.lastOpened, 'he_normal×relu');
      // A forged message is rejected, not acted on.
      await vscode.commands.executeCommand('initLens.test.sweepMessage', outcome.panelId, { type: 'openCell', scheme: 42 });
      assert.equal((await state(false)).sweeps.find((s) => s.id === outcome.panelId)?.rejected, 1);
    });
  });
}

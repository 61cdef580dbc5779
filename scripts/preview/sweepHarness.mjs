// The sweep panel's part of the preview harness (harness.mjs): its page, through the stand-in host
// (sweepHost.ts) that replays a message script, and the wait for the script's last message.

import { openPanel, settle } from './harness.mjs';

export { setTheme } from './harness.mjs';

/**
 * A page with the sweep panel and a host replaying `script` after 'ready'. `panel.host` is the
 * SweepPreviewHost; `panel.reload(answer)` reloads with a fresh host that answers or stays silent.
 */
export function openSweepPanel(browser, baseUrl, hostModule, { theme = 'dark', width = 1280, height = 900, script, onCancel = null }) {
  const makeHost = (answer, send) => new hostModule.SweepPreviewHost(script, send, answer, onCancel);
  return openPanel(browser, baseUrl, { bridge: '__sweepToHost', makeHost, theme, width, height });
}

/** Waits until the page shows the last scripted message (the app's data-done matches), then lets it paint. */
export async function waitForSweep(panel, expected, timeoutMs = 30_000) {
  await panel.page.waitForFunction(
    ({ done, running }) => {
      const app = document.getElementById('app');
      return app?.dataset.done === String(done) && app.dataset.running === String(running);
    },
    expected,
    { timeout: timeoutMs },
  );
  await settle(panel.page, 250);
}

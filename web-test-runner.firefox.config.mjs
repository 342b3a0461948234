// The same browser suite in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi
// (the Chromium launcher with `browser: 'firefox'`; nothing is downloaded).
import { chromeLauncher } from '@web/test-runner-chrome';
import base from './web-test-runner.config.mjs';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const firefox = chromeLauncher({
  launchOptions: { browser: 'firefox', executablePath: FIREFOX, headless: true },
  // As in Chromium: each test page in its own browser context, so one file's msw service
  // worker (and a request it still holds) never serves the next file's page.
  createPage: async ({ browser }) => tolerateOrientation(await (await browser.createBrowserContext()).newPage()),
});

/**
 * The runner sets an 800×600 viewport before each test file. puppeteer-core sends the size and a
 * screen-orientation override together, and Firefox ESR 140.12 (Debian's now) answers the second
 * with "unknown command emulation.setScreenOrientationOverride", which failed every file before it
 * ran. The size is set by its own command in that batch; the suite needs no orientation, so that
 * one refusal is let pass and any other error still fails.
 */
function tolerateOrientation(page) {
  const setViewport = page.setViewport.bind(page);
  page.setViewport = async (viewport) => {
    try {
      await setViewport(viewport);
    } catch (error) {
      if (!String(error?.message ?? error).includes('setScreenOrientationOverride')) throw error;
    }
  };
  return page;
}
// The launcher is Chromium's; the reports should still say which browser ran.
firefox.name = 'Firefox';

export default {
  ...base,
  // One page at a time: Firefox over BiDi runs the suite in about 25 s even so.
  concurrency: 1,
  browsers: [firefox],
};

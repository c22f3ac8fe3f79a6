import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium for a soak. Ctrl-C ends a run through its own `stop()`, which still
 * reads the pages before closing them, so Playwright must not act on the signals itself.
 */
export function launchSoakBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

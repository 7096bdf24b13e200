import { CHROMIUM_SKIP_LINE, hasChromium } from './helpers/chromium.js';

/**
 * Runs once per `pnpm test`, in the main process, so its line reaches the terminal as it is: the
 * default reporter only counts skipped tests, and a missing browser must not go unnoticed. (Under
 * CI the browser test fails instead of skipping.)
 */
export default function setup(): void {
  if (!hasChromium && !process.env.CI) process.stderr.write(`${CHROMIUM_SKIP_LINE}\n`);
}

import { existsSync } from 'node:fs';

/** The Chromium the real-browser test drives: Debian's, or wherever `CHROMIUM_PATH` says. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether that Chromium is there. */
export const hasChromium = existsSync(CHROMIUM);

/** The one line a run without Chromium prints, so that the skipped test is not missed. */
export const CHROMIUM_SKIP_LINE = `skipped: the real-browser login test, because Chromium is missing at ${CHROMIUM}: install it with \`sudo apt-get install chromium\` (or set CHROMIUM_PATH)`;

import open from 'open';

/**
 * Opens a URL in the user's browser. Failure is not an error: the URL is always printed too, and a
 * machine without a desktop (SSH, containers) simply has no browser to open.
 */
export async function openInBrowser(url: string, onFailure: (reason: string) => void): Promise<void> {
  try {
    const child = await open(url);
    child.once('error', (error) => onFailure(error.message));
  } catch (error) {
    onFailure(error instanceof Error ? error.message : String(error));
  }
}

/** True when `BANKKIT_NO_BROWSER` asks not to open a browser (tests, headless machines). */
export function browserDisabledByEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.BANKKIT_NO_BROWSER?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

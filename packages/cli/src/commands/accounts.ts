import type { Account } from '@bankkit/core';
import type { ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { stdoutDestination } from '../output/destination.js';
import type { AccountFormat } from '../output/formats.js';
import { writeAccounts } from '../output/write-output.js';
import { openProviders } from '../providers/open-providers.js';
import { resolveTarget } from '../providers/target.js';

/** Options of `bankkit accounts`. */
export interface AccountsOptions {
  provider: ProviderId[];
  format: AccountFormat;
}

/** `bankkit accounts`: every account of every (or the chosen) provider, in one list. */
export async function accountsCommand(context: CommandContext, options: AccountsOptions): Promise<void> {
  const target = await resolveTarget(context);
  try {
    const providers = await openProviders(context, target, options.provider);
    const lists = await Promise.all(
      providers.map(({ provider }) => provider.listAccounts({ signal: context.signal })),
    );
    const accounts: Account[] = lists.flat();
    await writeAccounts(accounts, options.format, stdoutDestination(context.io.stdout), {
      signal: context.signal,
      sandbox: target.kind === 'sandbox',
      width: context.stdoutWidth,
    });
  } finally {
    await target.close();
  }
}

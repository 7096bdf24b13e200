import { PROVIDER_NAMES, type ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { formatDateTime, formatRelative } from '../output/time-format.js';
import { bridgeRenewal, bridgeSetup } from '../providers/bridge.js';
import { createSpareBank1Client, spareBank1Setup } from '../providers/sparebank1.js';
import { resolveTarget, type Target } from '../providers/target.js';

/** Below this, `status` warns that SpareBank 1 will need a new BankID login. */
const WARNING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Options of `bankkit status`. */
export interface StatusOptions {
  format: 'text' | 'json';
}

/** One provider's login, as `bankkit status --format json` prints it. */
export interface ProviderStatus {
  provider: ProviderId;
  loggedIn: boolean;
  /** Why not, or what is special (no sandbox running, renewal method). */
  note?: string;
  accessTokenExpiresAt?: string;
  /** SpareBank 1: the refresh token's sliding expiry (30 days after its last use). */
  refreshTokenExpiresAt?: string;
  /** SpareBank 1: the refresh token's absolute expiry (about a year after the BankID login). */
  refreshTokenAbsoluteExpiresAt?: string;
  /** Bridge: the user the login belongs to. */
  userUuid?: string;
  /** Bridge: the API version the app uses (`2025-01-15` or `2021-06-01`). */
  apiVersion?: string;
  /** Set when a new login will be needed within 7 days. */
  warning?: string;
}

/**
 * `bankkit status`: for each provider, logged in or not, when the access token expires, and for
 * SpareBank 1 when the refresh token expires (sliding and absolute), with a warning under 7 days.
 * Reads the token files only; makes no request to the banks.
 */
export async function statusCommand(context: CommandContext, options: StatusOptions): Promise<void> {
  const target = await resolveTarget(context, { startEmbedded: false, storedLoginsSuffice: true });
  try {
    const statuses: ProviderStatus[] = [];
    for (const id of target.providers) {
      if (target.kind === 'real' && !target.settings[id]) {
        statuses.push({
          provider: id,
          loggedIn: true,
          note: `a login is stored, but ${PROVIDER_NAMES[id]} is not configured: set its credentials to use it, or \`bankkit logout ${id}\``,
        });
        continue;
      }
      statuses.push(
        id === 'sparebank1' ? await spareBank1Status(context, target) : await bridgeStatus(target),
      );
    }
    const where = target.kind === 'real' ? 'real banks' : 'sandbox';
    if (options.format === 'json') {
      context.io.stdout.write(`${JSON.stringify({ target: target.kind, providers: statuses }, null, 2)}\n`);
      return;
    }
    const lines: string[] = [];
    for (const status of statuses) lines.push(...describe(status, where));
    context.io.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await target.close();
  }
}

async function spareBank1Status(context: CommandContext, target: Target): Promise<ProviderStatus> {
  if (target.kind === 'sandbox' && !target.connection) {
    return {
      provider: 'sparebank1',
      loggedIn: false,
      note: 'no sandbox is running (`bankkit sandbox` starts one)',
    };
  }
  const setup = spareBank1Setup(target);
  const client = createSpareBank1Client(setup, context);
  const status = await client.tokenStatus();
  const result: ProviderStatus = { provider: 'sparebank1', loggedIn: status.authenticated };
  if (status.accessTokenExpiresAt) result.accessTokenExpiresAt = status.accessTokenExpiresAt.toISOString();
  if (status.refreshTokenExpiresAt) result.refreshTokenExpiresAt = status.refreshTokenExpiresAt.toISOString();
  if (status.refreshTokenAbsoluteExpiresAt) {
    result.refreshTokenAbsoluteExpiresAt = status.refreshTokenAbsoluteExpiresAt.toISOString();
  }
  const deadline = status.reauthorizationRequiredAt;
  const flag = target.kind === 'sandbox' ? ' --sandbox' : '';
  if (!status.authenticated) {
    result.note = deadline ? `the login expired ${formatRelative(deadline)}` : 'not logged in';
  } else if (deadline && deadline.getTime() - Date.now() < WARNING_WINDOW_MS) {
    result.warning = `the SpareBank 1 login expires ${formatRelative(deadline)} (${formatDateTime(deadline)}): run \`bankkit login sparebank1${flag}\` before then`;
  }
  return result;
}

async function bridgeStatus(target: Target): Promise<ProviderStatus> {
  if (target.kind === 'sandbox' && !target.connection) {
    return {
      provider: 'bridge',
      loggedIn: false,
      note: 'no sandbox is running (`bankkit sandbox` starts one)',
    };
  }
  const setup = bridgeSetup(target);
  const stored = await setup.store.get();
  const storedUuid = typeof stored?.userUuid === 'string' ? stored.userUuid : undefined;
  const result: ProviderStatus = {
    provider: 'bridge',
    loggedIn: stored !== undefined,
    apiVersion: setup.apiVersion,
  };
  if (stored) result.accessTokenExpiresAt = new Date(stored.expiresAt).toISOString();
  const userUuid = storedUuid ?? setup.userUuid;
  if (userUuid) result.userUuid = userUuid;
  const renewal = bridgeRenewal(setup);
  if (result.loggedIn) result.note = renewal ? `renews with ${renewal}` : "renews with the user's uuid";
  else if (renewal) result.note = `logs in with ${renewal} on first use`;
  else result.note = 'not logged in';
  return result;
}

function describe(status: ProviderStatus, where: string): string[] {
  const name = `${PROVIDER_NAMES[status.provider]} (${where})`;
  const user = status.userUuid ? ` as user ${status.userUuid}` : '';
  const lines = [`${name}: ${status.loggedIn ? `logged in${user}` : 'not logged in'}`];
  const row = (label: string, iso: string | undefined, remark: string) => {
    if (!iso) return;
    const date = new Date(iso);
    lines.push(`  ${label.padEnd(22)} ${formatDateTime(date)} (${formatRelative(date)}${remark})`);
  };
  row('access token expires', status.accessTokenExpiresAt, status.loggedIn ? '; renewed automatically' : '');
  row('refresh token expires', status.refreshTokenExpiresAt, '; every renewal extends it');
  row('login expires', status.refreshTokenAbsoluteExpiresAt, '; then log in with BankID again');
  if (status.apiVersion) lines.push(`  Bridge API ${status.apiVersion}`);
  if (status.note && status.note !== 'not logged in') lines.push(`  ${status.note}`);
  if (status.warning) lines.push(`  warning: ${status.warning}`);
  return lines;
}

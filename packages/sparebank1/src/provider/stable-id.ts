import { hash as digest } from 'node:crypto';

/** The fields a transaction's stable id is derived from; none of them is the bank's session-bound `id`. */
export interface StableIdInput {
  accountKey: string;
  /** `YYYY-MM-DD` in Oslo. */
  bookingDate: string;
  /** Exact decimal string. */
  amount: string;
  /** The bank's `nonUniqueId`, normalised with {@link normaliseNonUniqueId}. */
  nonUniqueId: string;
  description: string;
}

/** Prefix of every derived id, so they are recognisable and never mistaken for the bank's. */
export const STABLE_ID_PREFIX = 'sb1_';
/** 32 hex characters: 128 bits, far from any collision in one person's history. */
const HASH_LENGTH = 32;

/**
 * `nonUniqueId` as it reads in both sources: card rows carry a bare number while RECENT and
 * `{partitionKey}-{number}` once HISTORIC, so the prefix is removed. All-zero values carry no
 * information and count as empty.
 */
export function normaliseNonUniqueId(
  nonUniqueId: string | null | undefined,
  partitionKey?: string | null,
): string {
  let value = (nonUniqueId ?? '').trim();
  if (partitionKey && value.startsWith(`${partitionKey}-`)) value = value.slice(partitionKey.length + 1);
  else {
    const prefixed = /^\d+-(\d+)$/.exec(value);
    if (prefixed?.[1]) value = prefixed[1];
  }
  return /^0*$/.test(value) ? '' : value;
}

/** A run of whitespace, or whitespace other than a plain space: what collapsing would change. */
const UNEVEN_WHITESPACE = /\s{2}|[^\S ]/;

/** Description text compared loosely: case and runs of whitespace do not matter. */
export function normaliseDescription(text: string | null | undefined): string {
  const trimmed = (text ?? '').trim();
  // Most descriptions have single spaces only, which the replacement would leave as they are.
  const collapsed = UNEVEN_WHITESPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  return collapsed.toLowerCase();
}

/**
 * SHA-256 in hex, cut short. The one-shot `crypto.hash` gives the same digest as a `Hash` object at
 * a fraction of the cost for short texts.
 */
function hash(text: string): string {
  return digest('sha256', text, 'hex').slice(0, HASH_LENGTH);
}

/**
 * Derives ids that stay the same on every fetch. Each row's stable fields are hashed; rows that
 * are identical in all of them (two 50-kroner transfers on one day) get an occurrence number,
 * given in the order of their tiebreak fields and then of the bank's list, so they stay distinct.
 * `tiebreakOf(index)` gives the fields that only order otherwise identical rows (never part of the
 * id itself); it is asked for rows that share their stable fields with another row only, as most
 * rows are unique. Returns one id per input row, in input order.
 */
export function deriveStableIds(
  rows: readonly StableIdInput[],
  tiebreakOf: (index: number) => string,
): string[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const base = JSON.stringify([
      row.accountKey,
      row.bookingDate,
      row.amount,
      row.nonUniqueId,
      row.description,
    ]);
    const group = groups.get(base);
    if (group) group.push(index);
    else groups.set(base, [index]);
  });

  const ids = new Array<string>(rows.length);
  for (const [base, indexes] of groups) {
    const [only] = indexes;
    if (indexes.length === 1 && only !== undefined) {
      ids[only] = `${STABLE_ID_PREFIX}${hash(`${base}#0`)}`;
      continue;
    }
    const tiebreaks = new Map(indexes.map((index) => [index, tiebreakOf(index)]));
    const ordered = [...indexes].sort((a, b) => {
      const left = tiebreaks.get(a) ?? '';
      const right = tiebreaks.get(b) ?? '';
      return left < right ? -1 : left > right ? 1 : a - b;
    });
    ordered.forEach((rowIndex, occurrence) => {
      ids[rowIndex] = `${STABLE_ID_PREFIX}${hash(`${base}#${occurrence}`)}`;
    });
  }
  return ids;
}

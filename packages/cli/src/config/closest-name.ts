import leven from 'leven';

/**
 * The known name nearest to `name` by edit distance, ignoring case (`sparebank_1` -> `sparebank1`,
 * `BANKKIT_SPAREBANK_CLIENT_ID` -> `BANKKIT_SPAREBANK1_CLIENT_ID`). Ties go to the first listed.
 */
export function closestName(name: string, known: readonly string[]): string {
  const wanted = name.toLowerCase();
  let best = known[0] ?? '';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = leven(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

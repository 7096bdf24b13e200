import leven from 'leven';

/**
 * The known name nearest to `name`, ignoring case: first by how many of its `_`-separated words the
 * known name shares (`BANKKIT_BRIDGE_SECRET` -> `BANKKIT_BRIDGE_CLIENT_SECRET`, where edit distance
 * alone would pick `BANKKIT_BRIDGE_EMAIL`), then by edit distance (`sparebank_1` -> `sparebank1`,
 * `BANKKIT_SPAREBANK_CLIENT_ID` -> `BANKKIT_SPAREBANK1_CLIENT_ID`). Ties go to the first listed.
 */
export function closestName(name: string, known: readonly string[]): string {
  const wanted = name.toLowerCase();
  const words = wanted.split('_').filter((word) => word !== '');
  let best = known[0] ?? '';
  let bestShared = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const candidateWords = new Set(lower.split('_'));
    const shared = words.filter((word) => candidateWords.has(word)).length;
    const distance = leven(wanted, lower);
    if (shared > bestShared || (shared === bestShared && distance < bestDistance)) {
      best = candidate;
      bestShared = shared;
      bestDistance = distance;
    }
  }
  return best;
}

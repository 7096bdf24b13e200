/** Totals over every run of a property suite, printed once at the end. */
export class SyncTally {
  runs = 0;
  syncs = 0;
  crashes = 0;
  failedSyncs = 0;
  restarts = 0;
  batches = 0;
  checks = 0;
  rowsCompared = 0;
  lost = 0;
  duplicated = 0;
  stale = 0;
  extra = 0;

  record(
    result: { lost: string[]; duplicated: string[]; stale: string[]; extra: string[] },
    rows: number,
  ): void {
    this.checks++;
    this.rowsCompared += rows;
    this.lost += result.lost.length;
    this.duplicated += result.duplicated.length;
    this.stale += result.stale.length;
    this.extra += result.extra.length;
  }

  line(name: string): string {
    return `${name}: runs=${this.runs} syncs=${this.syncs} batches=${this.batches} restarts=${this.restarts} crashes=${this.crashes} failed-syncs=${this.failedSyncs} checks=${this.checks} rows-compared=${this.rowsCompared} lost=${this.lost} duplicated=${this.duplicated} stale=${this.stale} extra=${this.extra}`;
  }
}

/** Compares two maps of id -> projection: what the ledger holds against what the bank holds. */
export function compareProjections(
  ledger: ReadonlyMap<string, string>,
  bank: ReadonlyMap<string, string>,
  ledgerRowCount: number,
): { lost: string[]; duplicated: string[]; stale: string[]; extra: string[] } {
  const lost: string[] = [];
  const stale: string[] = [];
  for (const [id, value] of bank) {
    const stored = ledger.get(id);
    if (stored === undefined) lost.push(id);
    else if (stored !== value) stale.push(`${id}: ledger ${stored} bank ${value}`);
  }
  const extra = [...ledger.keys()].filter((id) => !bank.has(id));
  const duplicated = ledgerRowCount > ledger.size ? [`${ledgerRowCount - ledger.size} rows`] : [];
  return { lost, duplicated, stale, extra };
}

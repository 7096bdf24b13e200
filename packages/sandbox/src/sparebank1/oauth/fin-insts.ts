/**
 * `finInst` ids the sandbox accepts by default, with the bank each names: the table of `sparebank1.md`
 * section 2.7, old ids of merged banks included (the real list is not published; `fid-snn` is left out
 * as a known typo).
 */
export const FIN_INST_NAMES: Readonly<Record<string, string>> = {
  'fid-smn': 'SpareBank 1 SMN',
  'fid-nord-norge': 'SpareBank 1 Nord-Norge',
  'fid-ostlandet': 'SpareBank 1 Østlandet',
  'fid-sr-bank': 'SpareBank 1 SR-Bank',
  'fid-sor-norge': 'SpareBank 1 Sør-Norge',
  'fid-ringerike-hadeland': 'SpareBank 1 Ringerike Hadeland',
  'fid-ostfold-akershus': 'SpareBank 1 Østfold Akershus',
  'fid-helgeland': 'SpareBank 1 Helgeland',
  'fid-gudbrandsdal': 'SpareBank 1 Gudbrandsdal',
  'fid-hallingdal-valdres': 'SpareBank 1 Hallingdal Valdres',
  'fid-lom-skjaak': 'SpareBank 1 Lom og Skjåk',
  'fid-nordmore': 'SpareBank 1 Nordmøre',
  'fid-sogn-fjordane': 'SpareBank 1 Sogn og Fjordane',
  'fid-telemark': 'SpareBank 1 Telemark',
  'fid-modum': 'SpareBank 1 Modum',
  'fid-bv': 'SpareBank 1 BV',
  'fid-nordvest': 'SpareBank 1 Nordvest',
  'fid-sore-sunnmore': 'SpareBank 1 Søre Sunnmøre',
};

/** The default list of valid `finInst` values. */
export const DEFAULT_FIN_INSTS: readonly string[] = Object.keys(FIN_INST_NAMES);

/** The bank a `finInst` names, for the consent page. */
export function finInstName(finInst: string | undefined): string {
  return (finInst !== undefined ? FIN_INST_NAMES[finInst] : undefined) ?? 'SpareBank 1';
}

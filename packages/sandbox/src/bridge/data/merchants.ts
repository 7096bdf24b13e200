/** What kind of account a transaction template fits. */
export type LedgerKind = 'current' | 'savings' | 'loan';

/** A transaction template: descriptions, category and amount range (hundredths, signed). */
export interface MerchantSeed {
  clean: string;
  /** Raw bank label; `{d}` becomes the day as `DD/MM`. */
  bank: string;
  categoryId: number;
  min: number;
  max: number;
  /** Relative frequency within its kind. */
  weight: number;
  /** Card payments carry `transaction_date`/`booking_date`/`value_date`. */
  card?: boolean;
}

const m = (
  clean: string,
  bank: string,
  categoryId: number,
  min: number,
  max: number,
  weight: number,
  card = false,
): MerchantSeed => ({ clean, bank, categoryId, min, max, weight, card });

/** Templates per account kind. */
export const MERCHANTS: Readonly<Record<LedgerKind, readonly MerchantSeed[]>> = {
  current: [
    m('Carrefour Market', 'CB CARREFOUR MARKET {d}', 273, -14_500, -850, 14, true),
    m('Monoprix', 'CB MONOPRIX PARIS {d}', 273, -6_200, -420, 10, true),
    m('Boulangerie Paul', 'CB PAUL GARE DE LYON {d}', 260, -1_250, -180, 9, true),
    m('Starbucks', 'CB STARBUCKS COFFEE {d}', 260, -980, -350, 5, true),
    m("McDonald's", 'CB MCDONALDS {d}', 188, -2_400, -650, 5, true),
    m('Le Petit Bistrot', 'CB LE PETIT BISTROT {d}', 274, -9_800, -1_800, 5, true),
    m('TotalEnergies', 'CB TOTAL ACCESS {d}', 251, -9_500, -2_500, 5, true),
    m('RATP', 'CB RATP NAVIGO {d}', 196, -8_640, -210, 4, true),
    m('SNCF', 'CB SNCF INTERNET {d}', 309, -18_900, -1_900, 2, true),
    m('Amazon', 'CB AMAZON PAYMENTS {d}', 184, -25_000, -799, 6, true),
    m('Fnac', 'CB FNAC {d}', 272, -6_000, -990, 2, true),
    m('Zara', 'CB ZARA {d}', 186, -12_000, -1_995, 3, true),
    m('Pharmacie du Centre', 'CB PHARMACIE DU CENTRE {d}', 237, -4_500, -390, 3, true),
    m('Netflix', 'PRLV SEPA NETFLIX.COM', 226, -1_799, -1_349, 1),
    m('Spotify', 'PRLV SEPA SPOTIFY', 226, -1_099, -1_099, 1),
    m('EDF', 'PRLV SEPA EDF CLIENTS PARTICULIERS', 218, -14_000, -4_500, 1),
    m('Free', 'PRLV SEPA FREE MOBILE', 219, -3_999, -1_999, 1),
    m('Loyer', 'VIR SEPA LOYER AGENCE DU PARC', 202, -125_000, -85_000, 1),
    m('Salaire', 'VIR SEPA SALAIRE ACME SAS', 230, 210_000, 345_000, 2),
    m('Remboursement CPAM', 'VIR CPAM PARIS REMBT', 232, 1_500, 6_900, 1),
    m('Retrait DAB', 'RETRAIT DAB {d} BNP', 85, -20_000, -2_000, 3),
    m('Frais bancaires', 'COTISATION CARTE VISA', 191, -1_200, -300, 1),
    m('Impôts', 'PRLV SEPA DGFIP IMPOT', 206, -45_000, -8_000, 1),
    m('Retraite', 'VIR RETRAITE CNAV', 279, 90_000, 173_300, 1),
  ],
  savings: [
    m('Versement épargne', 'VIR PERMANENT EPARGNE', 193, 5_000, 50_000, 6),
    m('Intérêts', 'INTERETS CREDITEURS', 231, 100, 9_000, 1),
    m('Retrait épargne', 'VIR VERS COMPTE COURANT', 194, -80_000, -5_000, 2),
  ],
  loan: [m('Échéance prêt', 'ECHEANCE PRET IMMOBILIER', 192, 102_137, 102_137, 1)],
};

/** Stock templates for brokerage accounts: ticker, ISIN, label, marketplace, price in hundredths. */
export const STOCKS: readonly {
  ticker: string;
  isin: string;
  label: string;
  marketplace: string;
  price: number;
}[] = [
  { ticker: 'AIR', isin: 'FR0000031122', label: 'AIR FRANCE-KLM', marketplace: 'XPAR', price: 13_142 },
  { ticker: 'MC', isin: 'FR0000121014', label: 'LVMH', marketplace: 'XPAR', price: 71_260 },
  { ticker: 'OR', isin: 'FR0000120321', label: "L'OREAL", marketplace: 'XPAR', price: 41_895 },
  { ticker: 'TTE', isin: 'FR0000120271', label: 'TOTALENERGIES', marketplace: 'XPAR', price: 5_987 },
  { ticker: 'SAN', isin: 'FR0000120578', label: 'SANOFI', marketplace: 'XPAR', price: 9_412 },
  { ticker: 'BNP', isin: 'FR0000131104', label: 'BNP PARIBAS', marketplace: 'XPAR', price: 6_133 },
  { ticker: 'CW8', isin: 'LU1681043599', label: 'AMUNDI MSCI WORLD', marketplace: 'XPAR', price: 49_870 },
  { ticker: 'ASML', isin: 'NL0010273215', label: 'ASML HOLDING', marketplace: 'XAMS', price: 65_020 },
];

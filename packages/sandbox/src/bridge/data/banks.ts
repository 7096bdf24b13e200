/** The fields of a seeded bank; serialized as Bridge's Bank resource. */
export interface BankSeed {
  id: number;
  name: string;
  countryCode: string;
  authenticationType: 'INTERNAL_CREDS' | 'WEBVIEW';
  /** Login form: label, field type, numeric-only flag, optional length bounds. */
  form: readonly {
    label: string;
    type: 'USER' | 'PWD' | 'PWD2';
    numeric: boolean;
    min?: number;
    max?: number;
  }[];
  highlighted: boolean;
  capabilities: readonly string[];
  channels: readonly ('dsp2' | 'direct_access')[];
  url: string;
  primaryColor: string;
  secondaryColor: string;
  parentName: string | null;
  transfer: boolean;
  payment: boolean;
  displayOrder: number;
}

/** The sandbox's demo bank id (seen as 574 in the real sandbox). */
export const DEMO_BANK_ID = 574;

const LOGIN = [
  { label: 'Identifiant', type: 'USER', numeric: false },
  { label: 'Code secret', type: 'PWD', numeric: true, min: 6, max: 6 },
] as const;

const AIS = ['ais', 'account_check'] as const;
const AIS_PAY = [
  'ais',
  'account_check',
  'single_payment',
  'single_payment_scheduled',
  'bulk_payment',
] as const;

function bank(
  id: number,
  name: string,
  countryCode: string,
  extra: Partial<Omit<BankSeed, 'id' | 'name' | 'countryCode'>> = {},
): BankSeed {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return {
    id,
    name,
    countryCode,
    authenticationType: 'WEBVIEW',
    form: [],
    highlighted: false,
    capabilities: AIS,
    channels: ['dsp2'],
    url: `https://www.${slug}.example.com`,
    primaryColor: '1F4E79',
    secondaryColor: 'FFFFFF',
    parentName: null,
    transfer: false,
    payment: false,
    displayOrder: 100,
    ...extra,
  };
}

/**
 * Seeded banks: the Demo Bank (574, internal credentials, AIS and payments) plus a spread of fictional
 * banks over the countries Bridge lists, so country and capability filters have something to select.
 */
export const BANKS: readonly BankSeed[] = [
  bank(DEMO_BANK_ID, 'Demo Bank', 'FR', {
    authenticationType: 'INTERNAL_CREDS',
    form: LOGIN,
    capabilities: ['ais', 'single_payment'],
    url: 'https://www.demobank.example.com',
    primaryColor: '007942',
    parentName: 'Demo',
    payment: true,
    displayOrder: 1,
    highlighted: true,
  }),
  bank(575, 'Demo Bank Pro', 'FR', {
    authenticationType: 'INTERNAL_CREDS',
    form: LOGIN,
    parentName: 'Demo',
    displayOrder: 2,
  }),
  bank(6, 'Banque Hexagone', 'FR', {
    capabilities: AIS_PAY,
    payment: true,
    transfer: true,
    highlighted: true,
    displayOrder: 3,
  }),
  bank(7, 'Crédit Rivage', 'FR', {
    capabilities: AIS_PAY,
    payment: true,
    parentName: 'Rivage',
    displayOrder: 4,
  }),
  bank(8, 'Crédit Rivage Pro', 'FR', { parentName: 'Rivage', displayOrder: 5 }),
  bank(9, 'Caisse des Alpes', 'FR', { channels: ['dsp2', 'direct_access'], displayOrder: 6 }),
  bank(10, 'Néobanque Lumen', 'FR', {
    capabilities: [...AIS_PAY, 'single_transfer', 'bulk_transfer'],
    transfer: true,
    payment: true,
    displayOrder: 7,
  }),
  bank(11, 'Banque du Port', 'FR', {
    authenticationType: 'INTERNAL_CREDS',
    form: LOGIN,
    channels: ['direct_access'],
  }),
  bank(20, 'Banco Meseta', 'ES', { capabilities: AIS_PAY, payment: true }),
  bank(21, 'Caja Levante', 'ES'),
  bank(30, 'Banca Laguna', 'IT', { capabilities: AIS_PAY, payment: true }),
  bank(31, 'Cassa Appennino', 'IT'),
  bank(40, 'Banco Atlântico', 'PT'),
  bank(50, 'Rheinbank', 'DE', { capabilities: AIS_PAY, payment: true }),
  bank(51, 'Sparkasse Mittelgebirge', 'DE'),
  bank(60, 'Banque Brabant', 'BE'),
  bank(61, 'Polderbank', 'NL', { capabilities: AIS_PAY, payment: true }),
  bank(70, 'Banque Moselle', 'LU'),
  bank(80, 'Thames & Co', 'GB'),
  bank(90, 'Bank Wisła', 'PL'),
  bank(91, 'Duna Bank', 'HU'),
  bank(92, 'Liffey Bank', 'IE'),
  bank(93, 'Vltava Banka', 'CZ'),
  bank(94, 'Fjordbanken', 'NO'),
  bank(95, 'Mälarbanken', 'SE'),
  bank(96, 'Øresund Bank', 'DK'),
  bank(97, 'Donau Bank', 'AT'),
];

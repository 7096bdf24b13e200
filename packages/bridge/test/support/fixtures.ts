/** Bodies shaped exactly as Bridge sends them (bridge-v2.md section 5), plus an unknown field here and there. */

export const bank = {
  id: 574,
  name: 'Demo Bank',
  country_code: 'FR',
  logo_url: 'https://cdn.example.com/logos/demo.png',
  authentication_type: 'INTERNAL_CREDS',
  form: [
    { label: 'Identifiant', type: 'USER', isNum: '0', maxLength: null, minLength: null },
    { label: 'Code secret', type: 'PWD', isNum: '1', maxLength: 6, minLength: 6 },
  ],
  is_highlighted: false,
  capabilities: ['ais', 'single_payment'],
  channel_type: ['dsp2'],
  url: 'https://www.demobank.example.com',
  primary_color: '007942',
  secondary_color: 'FFFFFF',
  parent_name: 'Demo',
  transfer: null,
  payment: {
    nb_max_transactions: 1,
    max_size_label: 140,
    multiple_dates_payments: false,
    sender_iban_available: true,
  },
  display_order: 1,
  authentication_page_url: null,
};

export const connectorsStatus = [{ bank_id: 574, status: 'up', healthy: true }];

export const userLegacy = { uuid: '998945b4-c977-43e4-a854-d9680fa00fd5', email: 'john@doe.com' };
export const userNew = { uuid: 'c2a26c9e-dc23-4f67-b887-bbae0f26c415', external_user_id: 'A6JEJIID1919BDS' };

export const authInfo = {
  access_token: 'efcb95c1a53f738330389ea32e3858c82efe1abb-ccfd8af0-af98-4c45-b954-8ce6f2354d40',
  expires_at: '2099-07-26T09:57:55.747Z',
  user: userLegacy,
};

export const category = { id: 279, name: 'Pensions', parent_id: 2 };
export const parentCategory = {
  id: 2,
  name: 'Income',
  categories: [
    { id: 279, name: 'Pensions' },
    { id: 230, name: 'Salaries' },
  ],
};

export const emailValidation = { name: 'email', is_confirmed: true };
export const connectUrl = {
  redirect_url: 'https://connect.bridgeapi.io/session/09486392-9e19-4045-a758-65daea24ae59',
};

export const item = {
  id: 6648847,
  status: 0,
  status_code_info: null,
  status_code_description: null,
  bank_id: 408,
};
export const refreshStatus = {
  id: '6648847',
  status: 'finished',
  refreshed_at: '2023-07-26T08:01:12.431Z',
  mfa: null,
  refreshed_accounts_count: 3,
  total_accounts_count: 3,
};

export const brokerageAccount = {
  id: 30179393,
  name: 'Compte Titres',
  balance: 8700.0,
  status: 0,
  status_code_info: null,
  status_code_description: null,
  updated_at: '2022-04-22T14:52:59.192Z',
  type: 'brokerage',
  is_paused: false,
  currency_code: 'EUR',
  item_id: 6648847,
  bank_id: 408,
  loan_details: null,
  savings_details: null,
  is_pro: false,
  iban: null,
};

export const loanAccount = {
  id: 30179395,
  name: 'Prêt immobilier',
  balance: -152340.12,
  status: 0,
  status_code_info: 'OK',
  status_code_description: null,
  updated_at: '2023-07-26T08:01:12.431Z',
  type: 'loan',
  is_paused: false,
  currency_code: 'EUR',
  item_id: 6648847,
  bank_id: 408,
  // Real data has nulls inside loan details too, and fields bridgeapi did not know.
  loan_details: {
    next_payment_date: null,
    next_payment_amount: 1021.37,
    maturity_date: '2041-03-05',
    opening_date: '2021-03-05',
    interest_rate: 1.15,
    type: null,
    borrowed_capital: 180000.0,
    repaid_capital: 27659.88,
    remaining_capital: 152340.12,
    total_estimated_interests: 12000.5,
  },
  savings_details: null,
  is_pro: false,
  iban: null,
};

export const checkingAccount = {
  ...brokerageAccount,
  id: 30179391,
  name: 'Compte courant',
  balance: 1234.5,
  type: 'checking',
  iban: 'FR7630006000011234567890189',
  brand_new_field: { nested: true },
};

export const transaction = {
  id: 38000784535885,
  clean_description: 'Retraite',
  bank_description: 'Retraite - 260422',
  amount: 1733.0,
  date: '2022-04-26',
  updated_at: '2022-04-22T14:52:58.930Z',
  currency_code: 'EUR',
  category_id: 279,
  account_id: 30179391,
  show_client_side: true,
  is_deleted: false,
  is_future: true,
};

export const stock = {
  id: 4712,
  current_price: 131.42,
  quantity: 12.0,
  total_value: 1577.04,
  average_purchase_price: 118.2,
  created_at: '2023-05-02T06:12:40.118Z',
  updated_at: '2023-07-26T08:01:12.431Z',
  ticker: 'AIR',
  stock_key: 'FR0000031122-XPAR',
  isin: 'FR0000031122',
  currency_code: 'EUR',
  marketplace: 'XPAR',
  label: 'AIR FRANCE-KLM',
  value_date: '2023-07-25',
  is_deleted: false,
  account_id: 30179393,
};

/** The paginated envelope of a Bridge list, as recorded (July 2023): `pagination` holds `next_uri` only. */
export function envelope<T>(
  resources: T[],
  nextUri: string | null = null,
  extra: Record<string, unknown> = {},
) {
  return { resources, pagination: { next_uri: nextUri }, ...extra };
}

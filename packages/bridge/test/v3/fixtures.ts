/** v3 bodies shaped as Bridge documents them (bridge-v3.md), null keys omitted (F-6), an unknown field here and there. */

export const user = { uuid: '5b1e8c3a-2d4f-4a6b-9c8d-7e6f5a4b3c2d', external_user_id: 'customer-42' };
export const bareUser = { uuid: 'c2a26c9e-dc23-4f67-b887-bbae0f26c415' };

export const authorizationToken = {
  access_token: 'efcb95c1a53f738330389ea32e3858c82efe1abb-ccfd8af0-af98-4c45-b954-8ce6f2354d40',
  expires_at: '2099-07-26T09:57:55.747Z',
  user,
};

export const provider = {
  id: 574,
  name: 'Demo Bank',
  country_code: 'FR',
  capabilities: ['aggregation', 'single_payment'],
  group_name: 'Demo',
  images: { logo: 'https://cdn.example.com/logos/demo.png' },
  health_status: { aggregation: { status: 'healthy' } },
  tags: { segment: ['retail'], region: [], keywords: [] },
  aggregation_metadata: { release_status: 'active' },
  provider_environments: ['production'],
};

export const category = { id: 279, name: 'Pensions', parent_id: 2 };
export const parentCategory = { id: 2, name: 'Income', categories: [{ id: 279, name: 'Pensions' }] };

export const connectSession = {
  id: '09486392-9e19-4045-a758-65daea24ae59',
  url: 'https://connect.bridgeapi.io/session/09486392-9e19-4045-a758-65daea24ae59',
};
export const managementSession = {
  id: '7d2b1c9e-1111-4a6b-9c8d-7e6f5a4b3c2d',
  url: 'https://connect.bridgeapi.io/session/7d2b1c9e-1111-4a6b-9c8d-7e6f5a4b3c2d',
};

export const item = {
  id: 6648847,
  status: 0,
  status_code_info: 'ok',
  provider_id: 574,
  account_types: 'payment',
  authentication_expires_at: '2025-09-04T10:25:35Z',
};
export const otpItem = { id: 6648848, status: 1010, status_code_info: 'otp_required', provider_id: 574 };

export const account = {
  id: 30179391,
  name: 'Compte courant',
  balance: 1234.5,
  accounting_balance: 1234.5,
  instant_balance: 1190.25,
  currency_code: 'EUR',
  type: 'checking',
  item_id: 6648847,
  provider_id: 574,
  iban: 'FR7630006000011234567890189',
  updated_at: '2025-03-01T08:01:12.431Z',
  data_access: 'enabled',
  brand_new_field: { nested: true },
};

export const transaction = {
  id: 33000191035700,
  clean_description: 'Carte Boulangerie',
  provider_description: 'CB BOULANGERIE 28/02',
  amount: -12.5,
  date: '2025-02-28',
  booking_date: '2025-03-01',
  transaction_date: '2025-02-28',
  value_date: '2025-03-02',
  updated_at: '2025-03-01T08:01:12.431Z',
  currency_code: 'EUR',
  category_id: 279,
  operation_type: 'card',
  account_id: 30179391,
  deleted: false,
  future: false,
};

/** A list envelope; `nextUri` omitted on the last page (Bridge omits null keys). */
export function envelope<T>(resources: T[], nextUri?: string) {
  return { resources, pagination: nextUri === undefined ? {} : { next_uri: nextUri } };
}

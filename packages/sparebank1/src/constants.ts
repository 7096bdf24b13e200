/** The provider id in errors, logs and the unified model. */
export const PROVIDER_ID = 'sparebank1';

/** SpareBank 1 is a Norwegian bank: its dates are calendar days in Oslo. */
export const BANK_TIME_ZONE = 'Europe/Oslo';

/** The API host. */
export const DEFAULT_BASE_URL = 'https://api.sparebank1.no';

/** The OAuth host the official tutorials use since 2024 (`api.sparebank1.no` serves it too). */
export const DEFAULT_AUTH_BASE_URL = 'https://api-auth.sparebank1.no';

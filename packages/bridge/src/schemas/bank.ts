import { z } from 'zod';
import { numericId, openEnum } from './common.js';

/** Capabilities a bank may offer, as Bridge names them (values for `listBanks({ capabilities })`). */
export const BANK_CAPABILITIES = [
  'ais',
  'account_check',
  'single_transfer',
  'bulk_transfer',
  'single_transfer_scheduled',
  'bulk_transfer_scheduled',
  'single_payment',
  'bulk_payment',
  'single_payment_scheduled',
  'bulk_payment_scheduled',
] as const;

/** A bank capability; unknown future values are accepted too. */
export type BankCapability = (typeof BANK_CAPABILITIES)[number] | (string & {});

/** One field of a bank's login form. Note the camelCase keys and the string `isNum` (`"0"`/`"1"`). */
export const bankFormFieldSchema = z.looseObject({
  label: z.string(),
  type: openEnum(['USER', 'PWD', 'PWD2']),
  isNum: openEnum(['0', '1']),
  maxLength: z.int().nullish(),
  minLength: z.int().nullish(),
});

/** Transfer limits of a bank. */
export const bankTransferSchema = z.looseObject({
  nb_max_transactions: z.int(),
  max_size_label: z.int().nullish(),
  multiple_dates_transfers: z.boolean(),
});

/** Payment limits of a bank. */
export const bankPaymentSchema = z.looseObject({
  nb_max_transactions: z.int(),
  max_size_label: z.int().nullish(),
  multiple_dates_payments: z.boolean(),
  sender_iban_available: z.boolean(),
});

/** A bank (`GET /v2/banks/{id}`, items of `GET /v2/banks`). */
export const bankSchema = z.looseObject({
  id: numericId,
  name: z.string(),
  country_code: z.string(),
  logo_url: z.string(),
  authentication_type: openEnum(['INTERNAL_CREDS', 'WEBVIEW']),
  form: z.array(bankFormFieldSchema),
  is_highlighted: z.boolean(),
  capabilities: z.array(openEnum([...BANK_CAPABILITIES])),
  channel_type: z.array(openEnum(['dsp2', 'psd2', 'direct_access'])),
  url: z.string().nullish(),
  primary_color: z.string().nullish(),
  secondary_color: z.string().nullish(),
  parent_name: z.string().nullish(),
  transfer: bankTransferSchema.nullish(),
  payment: bankPaymentSchema.nullish(),
  display_order: z.int().nullish(),
  authentication_page_url: z.string().nullish(),
});

/**
 * One element of `GET /v2/banks/insights` (connector status). Bridge does not document its shape,
 * so every field is kept as sent.
 */
export const bankConnectorStatusSchema = z.looseObject({});

/** `GET /v2/banks/insights` answers with a bare JSON array, not the paginated envelope. */
export const bankConnectorsStatusSchema = z.array(bankConnectorStatusSchema);

/** A bank, as Bridge sends it. */
export type BridgeBank = z.infer<typeof bankSchema>;
/** One field of a bank's login form. */
export type BridgeBankFormField = z.infer<typeof bankFormFieldSchema>;
/** One connector status entry; fields as Bridge sends them. */
export type BridgeBankConnectorStatus = z.infer<typeof bankConnectorStatusSchema>;

/**
 * Wire types of the Paynet endpoints the kit calls, with the reference's exact field names
 * (`paynet-api.md`, seeds 000–004). Request types are what goes on the wire, response types
 * what Paynet documents; fields the reference lists as optional are optional here, and every
 * response keeps unknown extra fields (Paynet adds fields without notice).
 */

/**
 * Every Paynet answer carries these; `code` 0 is success. The pages show `code` as an integer
 * and describe it as a string: read it with `readCode` (tolerant-read.ts), never with typeof.
 */
export interface PaynetEnvelope {
  object_name?: string;
  code: number | string;
  message?: string;
}

// ---- App2App (SoftPOS) ----

export interface GetAuthKeyRequest {
  agent_id: string;
  user_id: string;
}

export interface GetAuthKeyResponse extends PaynetEnvelope {
  session_key: string;
  /** When `session_key` stops working: ISO 8601 or `dd.MM.yyyy HH:mm:ss` (Istanbul time); see readPaynetDate. */
  expired_date: string;
  agent_id?: string;
  company_code?: string;
  user_id?: string;
  user_unique_id?: string;
  is_okc_inquiry?: boolean;
}

export interface InitSaleTransactionRequest {
  /** JSON number, at most two decimals. */
  amount?: number;
  add_commission?: boolean;
  /** 0 or 1 = single payment. */
  instalment?: number;
  card_holder_phone?: string;
  card_holder_mail?: string;
  description?: string;
  reference_no?: string;
  selected_agent_id?: string;
  callback_url?: string;
}

/** Answer of init_sale_transaction and init_reversal_transaction. */
export interface PaymentSessionResponse extends PaynetEnvelope {
  payment_session_id: string;
  deeplink_url: string;
  /** Decrypts what PayPOS hands back to the caller: a merchant-side secret. */
  encryption_key: string;
}

export interface CheckTransactionRequest {
  payment_session_id: string;
}

/** One Transaction in check_transaction's `Data`. */
export interface SoftposTransaction {
  xact_id?: string;
  xact_date?: string;
  transaction_type?: number;
  pos_type?: number;
  agent_id?: string;
  is_tds?: boolean;
  card_no?: string;
  card_no_masked?: string;
  card_holder?: string;
  amount?: number | string;
  net_amount?: number | string;
  comission?: number | string;
  currency?: string;
  instalment?: number;
  authorization_code?: string;
  reference_code?: string;
  order_id?: string;
  is_succeed?: boolean;
  xact_transaction_id?: string;
  agent_reference?: string;
  reference_no?: string;
  paynet_error_id?: string;
  paynet_error_message?: string;
  [extra: string]: unknown;
}

export interface CheckTransactionResponse extends PaynetEnvelope {
  /** Empty while nothing has been paid. */
  Data: SoftposTransaction[];
}

export interface InitReversalTransactionRequest {
  xact_id: string;
  reference_no?: string;
  callback_url?: string | null;
}

// ---- Direct card payment without 3D (seed 004) ----

export interface PaymentRequest {
  /** Comma decimal separator: "149,90". */
  amount: string;
  reference_no: string;
  domain: string;
  agent_reference_no?: string;
  card_holder?: string;
  pan?: string;
  month?: number;
  year?: number;
  cvc?: string;
  card_hash?: string;
  card_holder_phone?: string;
  card_holder_mail?: string;
  description?: string;
  instalment?: number;
  agent_id?: string;
  add_commission?: boolean;
  transaction_type?: 1 | 3;
  ratio_code?: string;
  is_escrow?: boolean;
}

export interface PaymentResponse extends PaynetEnvelope {
  id?: number;
  xact_id?: string;
  xact_date?: string;
  transaction_type?: number;
  pos_type?: number;
  agent_id?: string;
  instalment?: number;
  card_no_masked?: string;
  card_holder?: string;
  amount?: number | string;
  net_amount?: number | string;
  comission?: number | string;
  currency?: string;
  bank_authorization_code?: string;
  bank_reference_code?: string;
  bank_order_id?: string;
  is_succeed: boolean;
  paynet_error_id?: string;
  paynet_error_message?: string;
  bank_error_id?: string;
  bank_error_message?: string;
  bank_error_short_desc?: string;
  bank_error_long_desc?: string;
  reference_no?: string;
  xact_transaction_id?: string;
  [extra: string]: unknown;
}

// ---- Finding a card payment again (paynet-api.md §4) ----

/** `POST /v1/transaction/check` (Basic secret_key): at least one of the two. */
export interface TransactionCheckRequest {
  xact_id?: string;
  reference_no?: string;
}

/** One transaction of `v1/transaction/check`'s `Data`. */
export interface CheckedTransaction {
  xact_id?: string;
  id?: number | string;
  xact_date?: string;
  /** 1 sale, 3 pre-authorisation; number or numeric string. */
  transaction_type?: number | string;
  pos_type?: number | string;
  is_tds?: boolean;
  agent_id?: string;
  note?: string;
  ratio?: number | string;
  /** The reference_no the payment was made with. */
  agent_reference?: string;
  bank_id?: string;
  /** Masked. */
  card_no?: string;
  card_holder?: string;
  amount?: number | string;
  net_amount?: number | string;
  comission?: number | string;
  comission_tax?: number | string;
  currency?: string;
  authorization_code?: string;
  reference_code?: string;
  /** Paynet's Status data type (transaction-status.ts), where given. */
  status?: number | string;
  is_succeed?: boolean | string | number;
  [extra: string]: unknown;
}

export interface TransactionCheckResponse extends PaynetEnvelope {
  Data: CheckedTransaction[];
}

// ---- POS device cloud API (seed 003, camelCase) ----

export type DevicePaymentType = 'CARD' | 'CASH';

export interface DeviceSaleRequest {
  language?: string;
  conversationId?: string;
  deviceId: string;
  transactionReferenceId: string;
  amount: number;
  paidAmount: number;
  paymentType: DevicePaymentType;
  currency?: 'TRY';
  installment?: number;
  saleApplicationName?: string;
  saleApplicationVersion?: string;
  documentType?: 1 | 9;
  phoneNumber?: string;
}

export interface DeviceTransactionResponse {
  status: 'success' | 'failure';
  errorCode: number;
  errorMessage?: string;
  conversationId?: string;
  systemTime?: number;
  deviceId?: string;
  transactionReferenceId?: string;
  transactionDate?: string;
  paymentId?: string;
  paymentDate?: string;
  amount?: number;
  installment?: number;
  acquirerBankId?: string | number;
  merchantId?: string;
  terminalId?: string;
  issuerId?: string | number;
  currency?: string;
  authCode?: string;
  binNumber?: string;
  lastFourDigits?: string;
  hostReference?: string;
  cardType?: 'CREDIT' | 'DEBIT';
  batchNo?: string;
  stan?: string;
  posEntryMode?: string;
  saleNumber?: string;
  voidHostReference?: string;
  refundHostReference?: string;
  [extra: string]: unknown;
}

export type DeviceQueryRequest = {
  language?: string;
  conversationId?: string;
  deviceId?: string;
} & ({ paymentId: string; transactionReferenceId?: string } | { paymentId?: string; transactionReferenceId: string });

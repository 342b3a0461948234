/** The Paynet endpoints the simulator speaks (docs/paynet-simulator.md), and their answer family. */
import { handleGetAuthKey, handleLogout } from './agent.js';
import type { ApiHandler } from './context.js';
import { handleDeviceQuery, handleDeviceSale } from './device.js';
import { handlePayment } from './payment.js';
import { handleCheckTransaction, handleInitReversal, handleInitSale } from './softpos.js';
import { handleTransactionCheck } from './transaction-check.js';

export interface PaynetRoute {
  /** Paynet's API (answers through quirks.ts) or the device cloud API (its own shape, no quirks). */
  family: 'paynet' | 'device';
  /** The `object_name` of the endpoint's 200 answers, also used by the `code` fault. */
  objectName: string;
  handler: ApiHandler;
}

export const PAYNET_ROUTES: ReadonlyMap<string, PaynetRoute> = new Map<string, PaynetRoute>([
  ['/v1/agent/get_auth_key', { family: 'paynet', objectName: 'agent_session', handler: handleGetAuthKey }],
  ['/v1/agent/logout', { family: 'paynet', objectName: 'logout', handler: handleLogout }],
  ['/v1/softpos/init_sale_transaction', { family: 'paynet', objectName: 'softpos_payment_session', handler: handleInitSale }],
  ['/v1/softpos/check_transaction', { family: 'paynet', objectName: 'softpos_transaction_list', handler: handleCheckTransaction }],
  ['/v1/softpos/init_reversal_transaction', { family: 'paynet', objectName: 'softpos_payment_session', handler: handleInitReversal }],
  ['/v2/transaction/payment', { family: 'paynet', objectName: 'payment_response', handler: handlePayment }],
  ['/v1/transaction/check', { family: 'paynet', objectName: 'transaction_list', handler: handleTransactionCheck }],
  ['/v1/device/sale', { family: 'device', objectName: 'device_sale', handler: handleDeviceSale }],
  ['/v1/device/transaction/query', { family: 'device', objectName: 'device_transaction', handler: handleDeviceQuery }],
]);

/** The Paynet endpoints the simulator speaks (docs/paynet-simulator.md), and their error shape. */
import { handleGetAuthKey, handleLogout } from './agent.js';
import type { ApiHandler } from './context.js';
import { handleDeviceQuery, handleDeviceSale } from './device.js';
import { handlePayment } from './payment.js';
import { handleCheckTransaction, handleInitReversal, handleInitSale } from './softpos.js';

export interface PaynetRoute {
  /** Which error shape the endpoint answers with. */
  family: 'paynet' | 'device';
  handler: ApiHandler;
}

export const PAYNET_ROUTES: ReadonlyMap<string, PaynetRoute> = new Map([
  ['/v1/agent/get_auth_key', { family: 'paynet', handler: handleGetAuthKey }],
  ['/v1/agent/logout', { family: 'paynet', handler: handleLogout }],
  ['/v1/softpos/init_sale_transaction', { family: 'paynet', handler: handleInitSale }],
  ['/v1/softpos/check_transaction', { family: 'paynet', handler: handleCheckTransaction }],
  ['/v1/softpos/init_reversal_transaction', { family: 'paynet', handler: handleInitReversal }],
  ['/v2/transaction/payment', { family: 'paynet', handler: handlePayment }],
  ['/v1/device/sale', { family: 'device', handler: handleDeviceSale }],
  ['/v1/device/transaction/query', { family: 'device', handler: handleDeviceQuery }],
]);

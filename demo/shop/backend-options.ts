/**
 * The demo shop's backend settings, one list for both hosts: the Node stack `npm start` serves
 * (demo/server/stack.ts) and the static demo whose service worker answers in the browser
 * (demo/static). Only where the backend lives differs between them, never how it behaves.
 */
import type { DeviceInfo } from '../../src/contract.js';
import type { PaynetCheckoutBackendOptions } from '../../server/backend.js';
import type { PaynetClientOptions } from '../../server/paynet-client.js';
import { DEFAULT_OPTIONS } from '../../simulator/options.js';

export interface ShopBackendPlace {
  /** Where a browser reaches the demo page, without a trailing slash: an origin, or an origin and a sub-path. */
  publicUrl: string;
  /** The Host values the backend answers for (the kit's DNS-rebinding guard). */
  hosts: readonly string[];
  /** Terminals the device picker offers. */
  devices: readonly DeviceInfo[];
}

export function shopBackendOptions(place: ShopBackendPlace): Pick<
  PaynetCheckoutBackendOptions,
  'publicBaseUrl' | 'allowedHosts' | 'callbackUrl' | 'devices' | 'exposeTransactions' | 'rateLimit'
> {
  return {
    publicBaseUrl: place.publicUrl,
    allowedHosts: [...place.hosts],
    // After the card is taken PayPOS returns the shopper to the shop page, where the element
    // resumes the same session from sessionStorage.
    callbackUrl: `${place.publicUrl}/`,
    devices: place.devices,
    // The back office lists recent sales: a demo feature (the kit's default is off).
    exposeTransactions: true,
    // A demo is driven by one person (or one test run) from one address: roomier than the
    // kit's default, still a limit.
    rateLimit: { capacity: 60, refillPerMinute: 120 },
  };
}

/** The kit's Paynet client pointed at the simulator, with the simulator's test credentials. */
export function simulatorPaynetOptions(baseUrl: string): PaynetClientOptions {
  return {
    baseUrl,
    secretKey: DEFAULT_OPTIONS.secretKey,
    agentId: DEFAULT_OPTIONS.agentId,
    userId: DEFAULT_OPTIONS.userId,
    deviceAccessToken: DEFAULT_OPTIONS.deviceAccessToken,
    domain: 'demo.paynet-checkout.example',
  };
}

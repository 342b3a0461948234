/**
 * Paynet configuration: from the process environment, never from a request. The secret key,
 * agent and user ids identify the merchant at Paynet and stay on the server.
 */

export const PAYNET_PRODUCTION_URL = 'https://api.paynet.com.tr';
export const PAYNET_SANDBOX_URL = 'https://pts-api.paynet.com.tr';
export const DEFAULT_PAYNET_TIMEOUT_MS = 15_000;

export interface PaynetConfig {
  /** `sck_…`: Basic auth of get_auth_key and v2/transaction/payment. */
  secretKey: string;
  agentId: string;
  userId: string;
  /** Production, sandbox, or a simulator URL. */
  baseUrl: string;
  /** Device cloud API host; defaults to `baseUrl`. */
  deviceBaseUrl?: string;
  /** Bearer token of the device cloud API (configured, not fetched). */
  deviceAccessToken?: string;
  /** `domain` of v2/transaction/payment (the shop's web site). */
  domain?: string;
  /** Per call; the held device Sale has its own, longer limit. */
  timeoutMs?: number;
}

export class PaynetConfigError extends Error {
  override name = 'PaynetConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Reads PAYNET_SECRET_KEY, PAYNET_AGENT_ID, PAYNET_USER_ID, PAYNET_BASE_URL,
 * PAYNET_DEVICE_BASE_URL, PAYNET_DEVICE_ACCESS_TOKEN, PAYNET_DOMAIN, PAYNET_TIMEOUT_MS.
 * Throws a PaynetConfigError naming the missing or bad variables (never their values).
 */
export function paynetConfigFromEnv(env: Env): PaynetConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const url = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (!isHttpUrl(value)) problems.push(`${name} is not an http(s) URL`);
    return value;
  };

  const secretKey = required('PAYNET_SECRET_KEY');
  const agentId = required('PAYNET_AGENT_ID');
  const userId = required('PAYNET_USER_ID');
  const baseUrl = url('PAYNET_BASE_URL', required('PAYNET_BASE_URL') || undefined) ?? '';
  const deviceBaseUrl = url('PAYNET_DEVICE_BASE_URL', optional('PAYNET_DEVICE_BASE_URL'));
  const deviceAccessToken = optional('PAYNET_DEVICE_ACCESS_TOKEN');
  const domain = optional('PAYNET_DOMAIN');
  const timeoutText = optional('PAYNET_TIMEOUT_MS');
  let timeoutMs = DEFAULT_PAYNET_TIMEOUT_MS;
  if (timeoutText !== undefined) {
    timeoutMs = Number(timeoutText);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) problems.push('PAYNET_TIMEOUT_MS is not a positive integer');
  }
  if (problems.length > 0) throw new PaynetConfigError(`Paynet configuration: ${problems.join('; ')}`);

  const config: PaynetConfig = { secretKey, agentId, userId, baseUrl, timeoutMs };
  if (deviceBaseUrl !== undefined) config.deviceBaseUrl = deviceBaseUrl;
  if (deviceAccessToken !== undefined) config.deviceAccessToken = deviceAccessToken;
  if (domain !== undefined) config.domain = domain;
  return config;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

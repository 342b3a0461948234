/**
 * One HTTP attempt toward Paynet, with what surrounds every attempt whatever the endpoint:
 * the circuit breaker of its host (a call is refused at once while Paynet is unreachable
 * there), the POST (http.ts), and one log line. Reading the answer is the caller's job.
 */
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { PaynetError, PaynetUnavailableError } from './errors.js';
import { postJson, type PaynetFetch, type PaynetHttpRequest, type PaynetHttpResponse } from './http.js';
import { readCode } from './paynet/tolerant-read.js';

/** One line per Paynet call. Holds no secret, header or body. */
export interface PaynetCallLog {
  endpoint: string;
  durationMs: number;
  httpStatus?: number;
  code?: number;
  outcome: 'ok' | 'error';
  error?: string;
}

export interface PaynetCallerOptions {
  /** Called once per HTTP attempt. */
  onCall?: (entry: PaynetCallLog) => void;
  /** The circuit breakers' clock. */
  now?: () => number;
  fetch?: PaynetFetch;
  /** Fail calls at once while Paynet is unreachable; false turns it off. */
  circuitBreaker?: CircuitBreakerOptions | false;
}

export interface PaynetCall extends PaynetHttpRequest {
  /** Paynet holds this call open (the device sale): its timeout says the terminal is slow, not that Paynet is down. */
  held?: boolean;
}

export class PaynetCaller {
  /** One per host: the device cloud may be up while the App2App host is down. */
  private readonly circuits = new Map<string, CircuitBreaker>();

  constructor(private readonly options: PaynetCallerOptions) {}

  async send(call: PaynetCall): Promise<PaynetHttpResponse> {
    const { held, ...request } = call;
    const { path } = request;
    const startedAt = performance.now();
    const log = (entry: Omit<PaynetCallLog, 'endpoint' | 'durationMs'>): void =>
      this.options.onCall?.({ endpoint: path, durationMs: Math.round(performance.now() - startedAt), ...entry });
    const circuit = this.circuitFor(request.baseUrl);
    const permit = circuit?.allow();
    if (circuit && !permit) {
      log({ outcome: 'error', error: 'circuit_open' });
      throw new PaynetUnavailableError(`Paynet unreachable on recent calls; ${path} not sent (retry in ${circuit.retryAfterMs} ms)`, 'circuit_open', { endpoint: path });
    }
    try {
      const response = await postJson(request, this.options.fetch);
      circuit?.succeeded();
      const code = readCode(response.body.result_code) ?? readCode(response.body.code) ?? readCode(response.body.errorCode);
      log({ httpStatus: response.status, ...(code === undefined ? {} : { code }), outcome: 'ok' });
      return response;
    } catch (error) {
      // Only what says the host is down counts against it: not our own abort, not a held call's wait.
      const unreachable = error instanceof PaynetUnavailableError && !request.signal?.aborted && !held;
      if (unreachable && (error.reason === 'network' || error.reason === 'timeout' || error.reason === 'http_5xx')) circuit?.failed();
      else if (permit) circuit?.abandoned(permit);
      log({ outcome: 'error', error: error instanceof PaynetError ? error.name : 'Error' });
      throw error;
    }
  }

  private circuitFor(baseUrl: string): CircuitBreaker | undefined {
    if (this.options.circuitBreaker === false) return undefined;
    let circuit = this.circuits.get(baseUrl);
    if (!circuit) {
      circuit = new CircuitBreaker({ ...(this.options.now ? { now: this.options.now } : {}), ...this.options.circuitBreaker });
      this.circuits.set(baseUrl, circuit);
    }
    return circuit;
  }
}

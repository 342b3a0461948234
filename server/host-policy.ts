/**
 * Which host names the backend answers for: the guard against DNS rebinding.
 *
 * A page on `attacker.example` can make its own name resolve to the shop's server (or to
 * 127.0.0.1, for a demo on the shopper's own machine). The browser then sends that page's
 * requests to us with `Host: attacker.example` and `Origin: http://attacker.example`, which
 * look same-origin to the CORS check (it judges same-origin from the request's own URL, built
 * from Host), and it lets the page read the answers. The only thing that tells such a request
 * apart is the host name, so this is checked first, before the origin rule.
 *
 * `createHostPolicy(options)` once at start-up (it throws on a bad entry, as the CORS
 * allowlist does), then `hostRejection(request, policy)` for every request: `undefined` to go
 * on, or the HttpError to answer.
 */
import { HttpError } from './handlers/http-response.js';

export interface HostPolicyOptions {
  /**
   * The host names this backend answers for, as a browser writes them in the address bar:
   * `shop.example`, `shop.example:8443`, `127.0.0.1:5173`, `[::1]:5173`. Case-insensitive;
   * an entry without a port matches any port, one with a port only that port (the scheme's
   * default port counts: `shop.example:443` matches `https://shop.example`).
   *
   * Default: the host of `publicBaseUrl` when that is set. When neither is set, only loopback
   * hosts are answered (`isLoopbackHost`): right for a machine-local demo or test, and wrong
   * for production, which MUST set `allowedHosts` or `publicBaseUrl` to the shop's own
   * names. Behind a reverse proxy that rewrites Host (nginx without `proxy_set_header Host
   * $host` sends the upstream's name), list the Host the proxy sends.
   */
  allowedHosts?: readonly string[] | undefined;
  /** The shop's public origin (https://shop.example); its host is the default allowed host. */
  publicBaseUrl?: string | undefined;
}

interface HostPattern {
  /** Canonical: lower case, IPv6 in brackets, no trailing dot. */
  hostname: string;
  /** Undefined: any port. */
  port: string | undefined;
}

export interface HostPolicy {
  /** The compiled allowlist, or `loopback` when nothing was configured. */
  readonly allowed: readonly HostPattern[] | 'loopback';
}

export const HOST_NOT_ALLOWED_STATUS = 421;

export function createHostPolicy(options: HostPolicyOptions = {}): HostPolicy {
  if (options.allowedHosts !== undefined) {
    if (options.allowedHosts.length === 0) throw new TypeError('allowedHosts is empty: every request would be refused');
    return {
      allowed: options.allowedHosts.map((entry) => {
        const pattern = parseHostPort(entry.trim());
        if (pattern === undefined) throw new TypeError(`allowedHosts: "${entry}" is not a host name or host:port such as shop.example or 127.0.0.1:5173`);
        return pattern;
      }),
    };
  }
  if (options.publicBaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.publicBaseUrl);
    } catch {
      throw new TypeError('publicBaseUrl must be an http(s) URL');
    }
    return { allowed: [{ hostname: canonicalHostname(url.hostname), port: url.port === '' ? undefined : url.port }] };
  }
  return { allowed: 'loopback' };
}

/**
 * Undefined when the request's host is one the policy answers for; else the answer to give:
 * 421 `host_not_allowed`. Judged from the request's URL (which the Node adapter builds from
 * the Host header, and the CORS check compares Origin with), so the two checks agree. Only
 * `url` is read, so a server that is not built on Request can pass `{ url }`.
 */
export function hostRejection(request: Pick<Request, 'url'>, policy: HostPolicy): HttpError | undefined {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refused();
  }
  if (policy.allowed === 'loopback') return isLoopbackHost(url.host) ? undefined : refused();
  const hostname = canonicalHostname(url.hostname);
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return policy.allowed.some((p) => p.hostname === hostname && (p.port === undefined || p.port === port)) ? undefined : refused();
}

function refused(): HttpError {
  return new HttpError(HOST_NOT_ALLOWED_STATUS, 'host_not_allowed', 'This server does not answer for that host name.');
}

/**
 * True only for a loopback address written exactly: an IPv4 literal in 127.0.0.0/8 in plain
 * dotted-decimal form (`127.0.0.1`, `127.1.2.3`; not `127.1`, `0x7f.0.0.1` or `127.0.0.01`),
 * `localhost`, or `::1` / `[::1]`, each with or without a port. Case-insensitive.
 *
 * Not `*.localhost`: browsers keep those names on this machine, but the operating system's
 * resolver, which a server binding to such a name uses, need not (without systemd-resolved,
 * glibc asks DNS). A name that merely starts with `127.` (`127.attacker.example`) is a name
 * anyone can point anywhere, and is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const parsed = splitHostPort(host.toLowerCase());
  if (parsed === undefined) return false;
  const { hostname } = parsed;
  if (hostname === 'localhost') return true;
  if (hostname.startsWith('[')) return canonicalIpv6(hostname) === '[::1]';
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname)?.slice(1);
  if (octets === undefined) return false;
  return octets[0] === '127' && octets.every((octet) => Number(octet) <= 255 && (octet === '0' || !octet.startsWith('0')));
}

/**
 * `host` or `host:port` as a Host header or a config entry writes it, canonicalised the way
 * a URL would be (lower case, punycode, IPv6 in brackets); undefined when it is not one
 * (a path, credentials, spaces, a bad port, a wildcard, characters no host name has). The Node adapter
 * uses it to refuse a malformed Host header.
 */
export function parseHostPort(text: string): HostPattern | undefined {
  const parsed = splitHostPort(text);
  if (parsed === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${parsed.hostname}/`);
  } catch {
    return undefined;
  }
  // The URL parser drops what a host cannot hold rather than failing on all of it: the
  // host it read must be the whole of what was written (modulo case and encoding).
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.port !== '') return undefined;
  return { hostname: canonicalHostname(url.hostname), port: parsed.port };
}

/** Splits `host[:port]`, with `[v6]:port` and a bare `::1`; no canonicalisation. */
function splitHostPort(text: string): { hostname: string; port: string | undefined } | undefined {
  if (text === '') return undefined;
  if (!text.startsWith('[') && text.indexOf(':') !== text.lastIndexOf(':')) {
    // More than one colon and no brackets: a bare IPv6 address, which cannot carry a port.
    return /^[0-9a-f:.]+$/i.test(text) ? { hostname: `[${text}]`, port: undefined } : undefined;
  }
  // A name is letters, digits, '.', '-', '_' (and '~', and non-ASCII for a name not yet in
  // punycode): no '*' (there are no wildcards), no '%', '@', '/', spaces.
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._~\-\u0080-\uffff]+)(?::(\d{1,5}))?$/i.exec(text);
  if (match === null) return undefined;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return undefined;
  return { hostname: match[1]!, port: port === undefined ? undefined : String(Number(port)) };
}

function canonicalIpv6(bracketed: string): string | undefined {
  try {
    return new URL(`http://${bracketed}/`).hostname;
  } catch {
    return undefined;
  }
}

/** Lower case and without the trailing dot of a fully qualified name (`shop.example.`). */
function canonicalHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

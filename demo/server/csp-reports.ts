/**
 * CSP violation reports as the demo logs them. A report is whatever any client POSTs to
 * `report-uri`, so it is treated as hostile: each is written as one log line (the fields
 * JSON-encoded, so a newline, a carriage return or a terminal escape in a report cannot
 * start a line of its own or repaint the terminal), every field is cut short, and reports are
 * throttled per client address and overall, so a flood neither fills the log nor the disk.
 */
import { TokenBucketLimiter } from '../../server/rate-limit.js';

/** Longest a logged field may be, in characters. */
export const CSP_REPORT_FIELD_MAX_CHARS = 200;
/** Reports one client address may send at once, and per minute after that. */
export const CSP_REPORTS_PER_CLIENT_BURST = 10;
export const CSP_REPORTS_PER_CLIENT_PER_MINUTE = 10;
/** Reports all clients together may send at once, and per minute after that. */
export const CSP_REPORTS_BURST = 30;
export const CSP_REPORTS_PER_MINUTE = 60;

/** Which reports are logged and kept: the rest are answered (204) and dropped unseen. */
export class CspReportThrottle {
  private readonly perClient: TokenBucketLimiter;
  private readonly overall: TokenBucketLimiter;
  private droppedSinceLast = 0;

  constructor(now: () => number = Date.now) {
    this.perClient = new TokenBucketLimiter({ capacity: CSP_REPORTS_PER_CLIENT_BURST, refillPerMinute: CSP_REPORTS_PER_CLIENT_PER_MINUTE }, now);
    this.overall = new TokenBucketLimiter({ capacity: CSP_REPORTS_BURST, refillPerMinute: CSP_REPORTS_PER_MINUTE }, now);
  }

  /**
   * Whether a report from `clientAddress` may be logged now; when it may, also how many were
   * dropped since the last one that was (to say so in its line).
   */
  admit(clientAddress: string): { admitted: true; droppedBefore: number } | { admitted: false } {
    if (!this.perClient.take(clientAddress).allowed || !this.overall.take('all').allowed) {
      this.droppedSinceLast++;
      return { admitted: false };
    }
    const droppedBefore = this.droppedSinceLast;
    this.droppedSinceLast = 0;
    return { admitted: true, droppedBefore };
  }
}

/**
 * One line saying what a report body says: the fields that locate a violation (from a
 * `report-uri` body `{"csp-report": {…}}` or a Reporting API batch `[{"type":
 * "csp-violation", "body": {…}}]`), JSON-encoded and each cut to
 * CSP_REPORT_FIELD_MAX_CHARS; a body that is neither is shown cut short the same way.
 */
export function cspReportSummary(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return safeLine({ unreadable: body });
  }
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const first: unknown = reports[0];
  const fields = violationFields(first);
  if (fields === undefined) return safeLine({ unrecognised: body });
  if (reports.length > 1) fields.more = reports.length - 1;
  return safeLine(fields);
}

/** The fields of one report, by either format's names; undefined when it is neither. */
function violationFields(report: unknown): Record<string, unknown> | undefined {
  if (!isObject(report)) return undefined;
  const legacy = report['csp-report'];
  if (isObject(legacy)) {
    return pick({
      document: legacy['document-uri'],
      directive: legacy['effective-directive'] ?? legacy['violated-directive'],
      blocked: legacy['blocked-uri'],
      source: legacy['source-file'],
      line: legacy['line-number'],
      column: legacy['column-number'],
      sample: legacy['script-sample'],
      disposition: legacy.disposition,
    });
  }
  const body = report.body;
  if (report.type === 'csp-violation' && isObject(body)) {
    return pick({
      document: body.documentURL,
      directive: body.effectiveDirective,
      blocked: body.blockedURL,
      source: body.sourceFile,
      line: body.lineNumber,
      column: body.columnNumber,
      sample: body.sample,
      disposition: body.disposition,
    });
  }
  return undefined;
}

/** Strings cut short, numbers kept if finite, anything else (objects, arrays) as cut-short JSON. */
function pick(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
    else out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/**
 * JSON with every string cut to the limit, and with the characters JSON leaves as they are
 * but a log viewer may break a line on or obey (DEL, C1 controls such as NEL, U+2028/2029,
 * bidirectional overrides) escaped too. JSON already escapes \n, \r, ESC and every C0 control.
 */
function safeLine(fields: Record<string, unknown>): string {
  const cut: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    cut[name] = typeof value === 'string' && value.length > CSP_REPORT_FIELD_MAX_CHARS ? `${value.slice(0, CSP_REPORT_FIELD_MAX_CHARS)}…` : value;
  }
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

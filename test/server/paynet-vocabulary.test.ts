/**
 * Paynet's vocabulary (server/paynet/): the return-code table, the Status data type, the
 * HTTP error object, and the tolerant readers for the fields Paynet's pages disagree on
 * (paynet-api.md §4, "Types in practice").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  PAYNET_TIME_ZONE,
  ReturnCode,
  TransactionStatus,
  isKnownReturnCode,
  readAmount,
  readBoolean,
  readCode,
  readErrorObject,
  readInteger,
  readPaynetDate,
  readTransactionStatus,
  returnCodeMeaning,
  returnCodeName,
} from '../../server/paynet/index.js';

const utc = (iso: string): number => Date.parse(iso);

describe('return codes', () => {
  it('lists exactly the codes of Paynet\'s "Hata Kodları" page, under Paynet\'s names', () => {
    // Copied from paynet-api.md §4, in its order.
    const published =
      '0 successful · 1 unsuccessful · 2 companyblocked · 3 agentblocked · 4 agentnotfound · 5 duplicatedata · 6 noprocess · 7 unauthorized · 8 servererror · 9 notimplemented · 10 timeout · 11 badrequest · 12 nodata · 13 paynetjnosession · 14 paynetjwrongbin · 15 paynetjunmatchtran · 16 paynetj3derror · 17 paynetjusedsession · 18 wrongcarddata · 19 wrongtransactiontype · 20 wrongpostype · 21 wrongratioget · 100 oldsuccessful';
    const expected = Object.fromEntries(
      published.split(' · ').map((entry) => {
        const [value, name] = entry.split(' ');
        return [name!, Number(value)];
      }),
    );
    assert.deepEqual({ ...ReturnCode }, expected);
  });

  it('gives every published code a meaning, and only the codes outside the table read as unknown', () => {
    for (const value of Object.values(ReturnCode)) {
      assert.equal(isKnownReturnCode(value), true, String(value));
      assert.notEqual(returnCodeMeaning(value), 'unknown', String(value));
    }
    for (const outside of [22, 99, 101, 999, -1, 1.5]) {
      assert.equal(isKnownReturnCode(outside), false, String(outside));
      assert.equal(returnCodeMeaning(outside), 'unknown', String(outside));
      assert.equal(returnCodeName(outside), undefined, String(outside));
    }
  });

  it('reads success, decline, auth, Paynet trouble and "no data" from the codes that say so', () => {
    assert.equal(returnCodeMeaning(ReturnCode.successful), 'ok');
    assert.equal(returnCodeMeaning(ReturnCode.oldsuccessful), 'ok');
    assert.equal(returnCodeMeaning(ReturnCode.unsuccessful), 'declined');
    assert.equal(returnCodeMeaning(ReturnCode.wrongcarddata), 'declined');
    assert.equal(returnCodeMeaning(ReturnCode.unauthorized), 'auth');
    assert.equal(returnCodeMeaning(ReturnCode.servererror), 'transient');
    assert.equal(returnCodeMeaning(ReturnCode.timeout), 'transient');
    assert.equal(returnCodeMeaning(ReturnCode.nodata), 'nodata');
    assert.equal(returnCodeMeaning(ReturnCode.companyblocked), 'config');
    assert.equal(returnCodeMeaning(ReturnCode.badrequest), 'invalid');
  });

  it('names a code the way Paynet does', () => {
    assert.equal(returnCodeName(4), 'agentnotfound');
    assert.equal(returnCodeName(100), 'oldsuccessful');
    assert.equal(returnCodeName(0), 'successful');
  });
});

describe('transaction Status', () => {
  it('has the values of Paynet\'s "Status" data type', () => {
    assert.deepEqual({ ...TransactionStatus }, { waiting: 0, succeeded: 3, notSucceeded: 4, cancelled: 5, deleted: 6 });
  });

  it('reads a Status given as a number or a numeric string', () => {
    assert.equal(readTransactionStatus(3), TransactionStatus.succeeded);
    assert.equal(readTransactionStatus('3'), TransactionStatus.succeeded);
    assert.equal(readTransactionStatus(' 4 '), TransactionStatus.notSucceeded);
    assert.equal(readTransactionStatus(0), TransactionStatus.waiting);
  });

  it('refuses values the Status type does not have', () => {
    for (const bad of [1, 2, 7, '2', 'succeeded', 3.5, null, undefined, true, '']) {
      assert.equal(readTransactionStatus(bad), undefined, String(bad));
    }
  });
});

describe('error object', () => {
  it('reads the §4 error object, taking result_code as the return code and not the HTTP status in code', () => {
    assert.deepEqual(readErrorObject({ type: 'no_data_error', message: 'Kayıt bulunamadı', code: 404, result_code: 12 }, 404), {
      type: 'no_data_error',
      resultCode: 12,
      message: 'Kayıt bulunamadı',
    });
  });

  it('reads code and result_code given as numeric strings', () => {
    assert.deepEqual(readErrorObject({ type: 'invalid_request_error', message: 'x', code: '400', result_code: '11' }, 400), {
      type: 'invalid_request_error',
      resultCode: 11,
      message: 'x',
    });
  });

  it('does not mistake the HTTP status in code for a return code when result_code is missing', () => {
    const read = readErrorObject({ type: 'invalid_request_error', message: 'bad', code: 400 }, 400);
    assert.equal(read.resultCode, undefined);
    assert.equal(read.type, 'invalid_request_error');
  });

  it('reads the older 400 envelope, whose code is the return code', () => {
    assert.deepEqual(readErrorObject({ object_name: 'Transaction', code: 5, message: 'Mükerrer kayıt' }, 400), { resultCode: 5, message: 'Mükerrer kayıt' });
    assert.deepEqual(readErrorObject({ object_name: 'Transaction', code: '18', message: 'Kart bilgisi hatalı' }, 400), {
      resultCode: 18,
      message: 'Kart bilgisi hatalı',
    });
  });

  it('leaves out a type Paynet does not document, an empty message and unreadable codes', () => {
    assert.deepEqual(readErrorObject({ type: 'teapot_error', message: '', code: 'abc', result_code: null }, 400), {});
  });
});

describe('readInteger / readCode', () => {
  it('reads a code given as a number or a numeric string', () => {
    assert.equal(readCode(0), 0);
    assert.equal(readCode('0'), 0);
    assert.equal(readCode(' 7 '), 7);
    assert.equal(readCode('12'), 12);
    assert.equal(readCode('007'), 7);
  });

  it('answers undefined for anything that is not an integer', () => {
    for (const bad of [7.5, '7.5', '1e3', '0x10', '', ' ', 'seven', NaN, Infinity, 2 ** 53, null, undefined, true, {}, [7], '1234567890123456']) {
      assert.equal(readInteger(bad), undefined, String(bad));
    }
  });

  it('never answers a negative number, as its documentation says ("a non-negative integer")', () => {
    assert.equal(readInteger('-7'), undefined);
    assert.equal(readInteger(-7), undefined);
  });
});

describe('readBoolean', () => {
  it('reads the documented true and false forms', () => {
    for (const yes of [true, 'true', 'TRUE', ' true ', 1, '1']) assert.equal(readBoolean(yes), true, String(yes));
    for (const no of [false, 'false', 'False', 0, '0']) assert.equal(readBoolean(no), false, String(no));
  });

  it('answers undefined for anything else, so a missing is_succeed is never a decline', () => {
    for (const other of [undefined, null, '', 'yes', 'no', 2, -1, '01', {}, []]) assert.equal(readBoolean(other), undefined, String(other));
  });
});

describe('readAmount', () => {
  it('reads amounts as numbers, dot strings and comma strings', () => {
    assert.equal(readAmount(12.5), '12.50');
    assert.equal(readAmount(118), '118.00');
    assert.equal(readAmount('12.50'), '12.50');
    assert.equal(readAmount('12,50'), '12.50');
    assert.equal(readAmount('12,5'), '12.50');
    assert.equal(readAmount(' 0,29 '), '0.29');
  });

  it('reads thousands grouping in either convention, the last separator being the decimal mark', () => {
    assert.equal(readAmount('1.234,56'), '1234.56');
    assert.equal(readAmount('1,234.56'), '1234.56');
    assert.equal(readAmount('1.234.567,89'), '1234567.89');
    assert.equal(readAmount('12,345,678.9'), '12345678.90');
  });

  it('refuses groupings that are not in threes and amounts it would have to guess', () => {
    for (const bad of ['1.23,45', '12,34.56', '1234.567,89', '1.2345,67', '1,234', '1.234', '1.234.567', '1,2,3', ',50', '12.', '-1,00', '1.234,567', 'abc', '']) {
      assert.equal(readAmount(bad), undefined, bad);
    }
    for (const bad of [12.345, -1, NaN, 0.1 + 0.2, null, undefined, true]) assert.equal(readAmount(bad), undefined, String(bad));
  });

  it('refuses a leading group with a leading zero rather than guessing', () => {
    assert.equal(readAmount('0,234.56'), undefined);
    assert.equal(readAmount('012,345.67'), undefined);
  });

  it('reads any amount written with Turkish grouping back to the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const grouped = whole.toLocaleString('en-US').replace(/,/g, '.');
        const expected = `${whole}.${String(cents).padStart(2, '0')}`;
        assert.equal(readAmount(`${grouped},${String(cents).padStart(2, '0')}`), expected);
        assert.equal(readAmount(`${whole.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`), expected);
      }),
    );
  });
});

describe('readPaynetDate', () => {
  it('reads ISO 8601 with an offset or Z as that instant', () => {
    assert.equal(readPaynetDate('2026-03-02T10:00:00+03:00'), utc('2026-03-02T07:00:00Z'));
    assert.equal(readPaynetDate('2026-03-02T10:00:00+0300'), utc('2026-03-02T07:00:00Z'));
    assert.equal(readPaynetDate('2026-03-02T10:00:00-05:30'), utc('2026-03-02T15:30:00Z'));
    assert.equal(readPaynetDate('2026-03-02T10:00:00Z'), utc('2026-03-02T10:00:00Z'));
    assert.equal(readPaynetDate('2026-03-02T10:00:00.123Z'), utc('2026-03-02T10:00:00.123Z'));
    // .NET writes seven fractional digits.
    assert.equal(readPaynetDate('2026-03-02T10:00:00.1234567Z'), utc('2026-03-02T10:00:00.123Z'));
  });

  it('reads ISO without an offset as Istanbul wall time, not the server\'s zone', () => {
    assert.equal(PAYNET_TIME_ZONE, 'Europe/Istanbul');
    assert.equal(readPaynetDate('2026-03-02T10:00:00'), utc('2026-03-02T07:00:00Z'));
    assert.equal(readPaynetDate('2026-03-02 10:00'), utc('2026-03-02T07:00:00Z'));
  });

  it('reads dd.MM.yyyy HH:mm:ss day first, as Istanbul wall time: 02.03.2026 is 2 March, not 3 February', () => {
    assert.equal(readPaynetDate('02.03.2026 10:00:00'), utc('2026-03-02T07:00:00Z'));
    assert.equal(readPaynetDate('2.3.2026 10:00:00'), utc('2026-03-02T07:00:00Z'));
    assert.equal(readPaynetDate('13.12.2025 23:59:59'), utc('2025-12-13T20:59:59Z'));
    // A date alone is midnight in Istanbul, which is the evening before in UTC.
    assert.equal(readPaynetDate('02.03.2026'), utc('2026-03-01T21:00:00Z'));
  });

  it('reads .NET\'s /Date(ms)/ as epoch ms, ignoring the display offset', () => {
    assert.equal(readPaynetDate('/Date(1700000000000)/'), 1_700_000_000_000);
    assert.equal(readPaynetDate('/Date(1700000000000+0300)/'), 1_700_000_000_000);
  });

  it('uses the time-zone database: Istanbul was at +02:00 in the winter of 2015', () => {
    assert.equal(readPaynetDate('15.01.2015 12:00:00'), utc('2015-01-15T10:00:00Z'));
    assert.equal(readPaynetDate('2015-01-15T12:00:00'), utc('2015-01-15T10:00:00Z'));
    // …and at +03:00 in its summer.
    assert.equal(readPaynetDate('15.07.2015 12:00:00'), utc('2015-07-15T09:00:00Z'));
  });

  it('refuses impossible dates and times rather than rolling them over', () => {
    for (const bad of ['31.02.2026 10:00:00', '29.02.2026 00:00:00', '00.03.2026 10:00:00', '02.13.2026 10:00:00', '02.03.2026 24:00:00', '02.03.2026 10:60:00', '2026-02-30T10:00:00Z', '2026-03-02T10:00:61Z']) {
      assert.equal(readPaynetDate(bad), undefined, bad);
    }
    assert.equal(readPaynetDate('29.02.2024 00:00:00'), utc('2024-02-28T21:00:00Z'));
  });

  it('answers undefined for what is not a date string', () => {
    for (const bad of ['', 'yesterday', '2026/03/02 10:00', '03-02-2026', '2026-03-02', 1_700_000_000_000, null, undefined, {}]) {
      assert.equal(readPaynetDate(bad), undefined, String(bad));
    }
  });

  it('gives back the instant for any wall-clock time Istanbul\'s clocks showed (1985–2035)', () => {
    const istanbul = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Istanbul',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const wallClock = (t: number): string => {
      const p = Object.fromEntries(istanbul.formatToParts(new Date(t)).map((part) => [part.type, part.value]));
      return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}:${p.second}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1985, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }), (seconds) => {
        const t = seconds * 1000;
        const read = readPaynetDate(wallClock(t));
        assert.notEqual(read, undefined);
        // In the hour repeated when clocks go back either instant is a right reading; both show the same wall clock.
        assert.equal(wallClock(read!), wallClock(t));
        assert.ok(read === t || Math.abs(read! - t) === 3_600_000, `${wallClock(t)}: ${new Date(read!).toISOString()} vs ${new Date(t).toISOString()}`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses a year below 100 rather than reading it as the 1900s', () => {
    const read = readPaynetDate('0099-01-01T00:00:00Z');
    assert.ok(read === undefined || new Date(read).getUTCFullYear() === 99, String(read && new Date(read).toISOString()));
  });

  it('refuses a /Date(ms)/ outside the range a Date can hold', () => {
    assert.equal(readPaynetDate('/Date(99999999999999999)/'), undefined);
  });
});

import { payoutFileCsv, payoutFiles, payoutTabRows, presetMismatch, presetMismatches, PAYOUT_COLUMNS, type PayoutFile } from '../../../src/core/payout/presets';
import { toCsv } from '../../../src/core/export/csv';
import type { Batch } from '../../../src/core/payout/model';
import { batchOf, partner } from './fixtures';

function files(batch: Batch, preset: 'generic' | 'paypal' | 'wise'): PayoutFile[] {
  const result = payoutFiles(batch, preset);
  if (!result.ok) throw new Error(result.message);
  return result.files;
}

const SMALL = batchOf('B-2024-03', [
  { partner_id: 'P-A', amount_minor: 12345, name: 'Ada, Ltd', payout_account: 'ada@example.com', entry_count: 3, entry_ids: ['E-1', 'E-2', 'E-3'] },
  { partner_id: 'P-B', amount_minor: 500, name: '=HYPERLINK("http://evil")', payout_account: 'bob@example.com', payout_method: 'wise' },
]);

describe('payout/presets', () => {
  describe('payoutFiles', () => {
    it('writes the generic file byte for byte: header, quoted commas, neutralised formulas, amounts with 2 decimals', () => {
      const [file, ...rest] = files(SMALL, 'generic');
      expect(rest).toEqual([]);
      expect(file!.name).toBe('payout-B-2024-03.csv');
      expect(payoutFileCsv(file!)).toBe(
        'batch_id,partner_id,partner_name,payout_method,payout_account,currency,amount,entry_count,reference\r\n' +
        'B-2024-03,P-A,"Ada, Ltd",paypal,ada@example.com,USD,123.45,3,B-2024-03-P-A\r\n' +
        'B-2024-03,P-B,"\'=HYPERLINK(""http://evil"")",wise,bob@example.com,USD,5.00,1,B-2024-03-P-B\r\n');
      expect(file!.control).toEqual({ row_count: 2, sum_minor: 12845, currency: 'USD' });
    });

    it('writes the wise "send by email" template byte for byte', () => {
      const [file] = files(SMALL, 'wise');
      expect(payoutFileCsv(file!)).toBe(
        'name,recipientEmail,paymentReference,receiverType,amountCurrency,amount,sourceCurrency,targetCurrency\r\n' +
        '"Ada, Ltd",ada@example.com,B-2024-03,PERSON,target,123.45,USD,USD\r\n' +
        '"\'=HYPERLINK(""http://evil"")",bob@example.com,B-2024-03,PERSON,target,5.00,USD,USD\r\n');
      expect(file!.control).toEqual({ row_count: 2, sum_minor: 12845, currency: 'USD' });
    });

    it('writes the paypal file without a header: email, amount, currency, customer id, note, wallet', () => {
      const [file] = files(SMALL, 'paypal');
      expect(file!.name).toBe('payout-B-2024-03-USD-1.csv');
      expect(file!.header_rows).toBe(0);
      expect(payoutFileCsv(file!)).toBe(
        'ada@example.com,123.45,USD,P-A,Partner Ledger payout B-2024-03,PayPal\r\n' +
        'bob@example.com,5.00,USD,P-B,Partner Ledger payout B-2024-03,PayPal\r\n');
    });

    it('writes amounts with the currency\'s exponent (JPY has none, KWD three)', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-J', amount_minor: 123, currency: 'JPY' }, { partner_id: 'P-K', amount_minor: 1234, currency: 'KWD' }]);
      const amounts = files(batch, 'generic').map((f) => [f.name, f.rows[1]![6]]);
      expect(amounts).toEqual([['payout-B-1-JPY.csv', '123'], ['payout-B-1-KWD.csv', '1.234']]);
    });

    it('refuses a paypal or wise file for a payee whose account is not an email address, naming the partner', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100, payout_method: 'bank', payout_account: 'DE89370400440532013000' }]);
      for (const preset of ['paypal', 'wise'] as const) {
        const result = payoutFiles(batch, preset);
        expect(result).toMatchObject({ ok: false, problems: [{ partner_id: 'P-A' }] });
      }
      expect(payoutFiles(batch, 'generic').ok).toBe(true);
    });

    it('splits a paypal export of 12,000 lines in two currencies into files of at most 5,000 rows, one currency each, whose control totals add up to the batch', () => {
      const lines = Array.from({ length: 12000 }, (_, i) => ({
        partner_id: `P-${String(i).padStart(5, '0')}`, amount_minor: 100 + (i % 997) * 13, currency: i % 3 === 0 ? 'EUR' : 'USD',
        entry_ids: [`E-${String(i).padStart(16, '0')}`],
      }));
      const batch = batchOf('B-BIG', lines);
      const out = files(batch, 'paypal');
      expect(out.map((f) => [f.name, f.control.row_count])).toEqual([
        ['payout-B-BIG-EUR-1.csv', 4000], ['payout-B-BIG-USD-1.csv', 5000], ['payout-B-BIG-USD-2.csv', 3000],
      ]);
      for (const file of out) {
        expect(file.rows.length).toBeLessThanOrEqual(5000);
        expect(new Set(file.rows.map((r) => r[2]))).toEqual(new Set([file.currency]));
        expect(file.control.row_count).toBe(file.rows.length);
        const cents = file.rows.reduce((s, r) => s + Math.round(Number(r[1]) * 100), 0);
        expect(file.control.sum_minor).toBe(cents);
      }
      for (const total of batch.totals) {
        const mine = out.filter((f) => f.currency === total.currency);
        expect(mine.reduce((s, f) => s + f.control.sum_minor, 0)).toBe(total.amount_minor);
        expect(mine.reduce((s, f) => s + f.control.row_count, 0)).toBe(total.line_count);
      }
      const customers = out.flatMap((f) => f.rows.map((r) => r[3]));
      expect(new Set(customers).size).toBe(12000);
    });

    it('splits a wise export at 1,000 rows, each file with its own header', () => {
      const batch = batchOf('B-W', Array.from({ length: 1500 }, (_, i) => ({ partner_id: `P-${String(i).padStart(4, '0')}`, amount_minor: 100 })));
      const out = files(batch, 'wise');
      expect(out.map((f) => [f.name, f.control.row_count, f.rows[0]![0]])).toEqual([['payout-B-W-USD-1.csv', 1000, 'name'], ['payout-B-W-USD-2.csv', 500, 'name']]);
    });
  });

  describe('presetMismatch', () => {
    it('lets the generic preset pay any payout method and account', () => {
      for (const payout_method of ['paypal', 'wise', 'bank', 'other'] as const) {
        expect(presetMismatch({ payout_method, payout_account: 'DE89370400440532013000' }, 'generic')).toBeNull();
      }
    });

    it('pays a paypal partner with an email address by paypal, a wise one by wise', () => {
      expect(presetMismatch({ payout_method: 'paypal', payout_account: ' ada@example.com ' }, 'paypal')).toBeNull();
      expect(presetMismatch({ payout_method: 'wise', payout_account: 'bob@example.com' }, 'wise')).toBeNull();
    });

    it('refuses to pay a bank partner through PayPal even when its account is an email address', () => {
      expect(presetMismatch({ payout_method: 'bank', payout_account: 'carlos@example.com' }, 'paypal'))
        .toBe('payout_method is "bank", and the paypal payout file pays paypal only');
      expect(presetMismatch({ payout_method: 'paypal', payout_account: 'ada@example.com' }, 'wise')).toMatch(/pays wise only/);
    });

    it('refuses an account that is not an email address for paypal and wise', () => {
      expect(presetMismatch({ payout_method: 'wise', payout_account: 'GB29NWBK60161331926819' }, 'wise'))
        .toBe('payout_account "GB29NWBK60161331926819" is not an email address, which the wise payout file needs');
    });

    it('names the lines of a batch a preset cannot pay', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }, { partner_id: 'P-B', amount_minor: 100, payout_method: 'bank', payout_account: 'b@example.com' }]);
      expect(presetMismatches(batch, 'paypal')).toEqual([{ partner_id: 'P-B', message: 'Partner P-B (P-B): payout_method is "bank", and the paypal payout file pays paypal only' }]);
      expect(presetMismatches(batch, 'generic')).toEqual([]);
      expect(partner('P-B').payout_method).toBe('paypal');
    });
  });

  describe('a recipient the file would have to alter', () => {
    it.each([['paypal', '+pp1@p.example'], ['wise', '-w5@p.example'], ['paypal', '=x@p.example']] as const)(
      'a %s account %s is a mismatch: the file would write it with a leading quote, not as approved', (preset, account) => {
        expect(presetMismatch({ payout_method: preset, payout_account: account }, preset))
          .toBe(`payout_account "${account}" starts with "${account[0]}", so the ${preset} payout file would have to write it as "'${account}" ` +
            '(a spreadsheet opening the file must not run it as a formula): that is not the recipient approved. ' +
            'Use an address that does not start with =, +, - or @, or pay this partner another way');
      });

    it('a batch approved before the check is refused by export, naming the partner, and still has its tab rows for Verify', () => {
      const batch = batchOf('B-9', [{ partner_id: 'P-A', amount_minor: 100 }, { partner_id: 'P-P', amount_minor: 200, payout_account: '+pp1@p.example' }]);
      const result = payoutFiles(batch, 'paypal');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => p.partner_id)).toEqual(['P-P']);
      expect(result.message).toContain('Partner P-P (P-P): payout_account "+pp1@p.example" starts with "+"');
      expect(result.message).toContain('void batch B-9 (managers), fix the partners\' payout details on the Partners tab, and build a new batch');
      expect(payoutTabRows(batch, 'paypal').map((r) => r[0])).toEqual(['recipient', 'pa@example.com', "'+pp1@p.example"]);
    });

    it('the generic file, which pays any method, keeps neutralising the account as before', () => {
      const batch = batchOf('B-9', [{ partner_id: 'P-P', amount_minor: 200, payout_method: 'bank', payout_account: '+44 20 7946 0000' }]);
      expect(presetMismatch({ payout_method: 'bank', payout_account: '+44 20 7946 0000' }, 'generic')).toBeNull();
      expect(files(batch, 'generic')[0]!.rows[1]![4]).toBe("'+44 20 7946 0000");
    });

    it('every file row holds the recipient exactly as approved (any account that passes the preset check)', () => {
      for (const account of ['ada@example.com', 'a+b@example.com', "o'brien@example.com", 'x-y@example.com']) {
        const batch = batchOf('B-9', [{ partner_id: 'P-A', amount_minor: 100, payout_account: account }]);
        expect(presetMismatch({ payout_method: 'paypal', payout_account: account }, 'paypal')).toBeNull();
        expect(files(batch, 'paypal')[0]!.rows[0]![0]).toBe(account);
      }
    });
  });

  describe('payoutTabRows', () => {
    it.each(['generic', 'wise'] as const)('is the %s file, so downloading the tab as CSV gives the same bytes', (preset) => {
      const [file] = files(SMALL, preset);
      expect(toCsv(payoutTabRows(SMALL, preset))).toBe(payoutFileCsv(file!));
    });

    it('gives the paypal tab a header row for people to read, above the rows of the files', () => {
      const rows = payoutTabRows(SMALL, 'paypal');
      expect(rows[0]).toEqual([...PAYOUT_COLUMNS.paypal]);
      expect(rows.slice(1)).toEqual(files(SMALL, 'paypal')[0]!.rows);
    });
  });
});

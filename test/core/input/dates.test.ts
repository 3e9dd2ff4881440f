import { runInNewContext } from 'node:vm';
import { parseDate, type DateContext } from '../../../src/core/input/dates';
import { dateOfInstantAt } from './fixtures';

const iso: DateContext = { as_of: '2026-03-31', date_format: 'iso', dateOfInstant: dateOfInstantAt(-5) };
const got = (r: { ok: boolean; value?: string; code?: string }) => (r.ok ? r.value : r.code);

describe('input/dates', () => {
  describe('parseDate', () => {
    it('reads ISO calendar dates', () => {
      expect(got(parseDate('2026-03-01', iso))).toBe('2026-03-01');
      expect(got(parseDate(' 2024-02-29 ', iso))).toBe('2024-02-29');
    });

    it('reads a timestamp with an offset as the calendar date of that instant in the settings zone', () => {
      expect(got(parseDate('2026-03-01T23:30:00-05:00', iso))).toBe('2026-03-01');
      expect(got(parseDate('2026-03-02T03:30:00Z', iso))).toBe('2026-03-01');
      expect(got(parseDate('2026-03-02T06:30:00+01:00', iso))).toBe('2026-03-02');
      expect(got(parseDate('2026-03-01 10:00', iso))).toBe('2026-03-01');
    });

    it('reads a Sheets date cell through dateOfInstant, even from another realm', () => {
      expect(got(parseDate(new Date(Date.UTC(2026, 2, 2, 3, 0)), iso))).toBe('2026-03-01');
      const foreign = runInNewContext('new Date(Date.UTC(2026, 2, 10, 12))') as Date;
      expect(got(parseDate(foreign, iso))).toBe('2026-03-10');
    });

    it('refuses impossible dates', () => {
      for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '2026-03-01T25:00:00Z']) {
        expect(got(parseDate(bad, iso))).toBe('IMPOSSIBLE_DATE');
      }
    });

    it('refuses slash dates unless dmy or mdy is declared', () => {
      expect(got(parseDate('03/04/2026', iso))).toBe('AMBIGUOUS_DATE');
      expect(got(parseDate('03/04/2026', { ...iso, date_format: 'dmy' }))).toBe('2026-04-03' > iso.as_of ? 'FUTURE_DATE' : '2026-04-03');
      expect(got(parseDate('03/02/2026', { ...iso, date_format: 'dmy' }))).toBe('2026-02-03');
      expect(got(parseDate('03/02/2026', { ...iso, date_format: 'mdy' }))).toBe('2026-03-02');
      expect(got(parseDate('13/02/2026', { ...iso, date_format: 'mdy' }))).toBe('IMPOSSIBLE_DATE');
      expect(got(parseDate('03/02/26', { ...iso, date_format: 'dmy' }))).toBe('AMBIGUOUS_DATE');
      expect(got(parseDate('2026-03-02', { ...iso, date_format: 'dmy' }))).toBe('2026-03-02');
    });

    it('refuses dates after the as-of date unless allowed', () => {
      expect(got(parseDate('2026-04-01', iso))).toBe('FUTURE_DATE');
      expect(got(parseDate('2026-04-01', iso, { allow_future: true }))).toBe('2026-04-01');
      expect(got(parseDate('2026-03-31', iso))).toBe('2026-03-31');
    });

    it('refuses text, numbers and blanks that are not dates', () => {
      expect(got(parseDate('yesterday', iso))).toBe('BAD_DATE');
      expect(got(parseDate(46082, iso))).toBe('BAD_DATE');
      expect(got(parseDate('', iso))).toBe('MISSING_VALUE');
      expect(got(parseDate(new Date(Number.NaN), iso))).toBe('BAD_DATE');
    });
  });
});

// A small run of the benchmark's independent check: DuckDB, from the same generated data, computes
// each partner's commissions and reversals in integer SQL, and the core's Ledger must agree to the
// cent. The full-size runs are `npm run bench`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchCore, coreInputs } from '../../bench/core';
import { conversionsCsv, fxCsv, partnersCsv, settingsCsv, type DataFiles } from '../../bench/generate';

function smallData(rows: number): { files: DataFiles; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-smoke-'));
  const files: DataFiles = {
    partners: path.join(dir, 'partners.csv'), conversions: path.join(dir, 'conversions.csv'), fx: path.join(dir, 'fx.csv'),
    settings: path.join(dir, 'settings.csv'), increment: path.join(dir, 'increment.csv'),
  };
  fs.writeFileSync(files.partners, partnersCsv());
  fs.writeFileSync(files.conversions, conversionsCsv(rows, 8));
  fs.writeFileSync(files.fx, fxCsv());
  fs.writeFileSync(files.settings, settingsCsv());
  fs.writeFileSync(files.increment, conversionsCsv(Math.ceil(rows / 100), 9, 'N'));
  return { files, dir };
}

describe('bench: core vs DuckDB', () => {
  it('gives every partner the same commission and reversal totals as the SQL, refunds and foreign currencies included', async () => {
    const { files, dir } = smallData(3000);
    try {
      const inputs = coreInputs(files);
      expect(new Set(inputs.conversions.map((c) => c.currency))).toEqual(new Set(['USD', 'EUR', 'GBP', 'JPY']));
      expect(inputs.conversions.some((c) => c.type === 'refund')).toBe(true);
      const figures = await benchCore(inputs);
      expect(figures.mismatches).toEqual([]);
      expect(figures.totals_match).toBe(true);
      expect(figures.partners_compared).toBeGreaterThan(500);
      expect(figures.batch_lines).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates the same bytes from the same seed', () => {
    expect(conversionsCsv(500, 8)).toBe(conversionsCsv(500, 8));
    expect(conversionsCsv(500, 8)).not.toBe(conversionsCsv(500, 9));
  });
});

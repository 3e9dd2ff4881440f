// The step commands on a persistent workbook file, as ops, a manager and finance run them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FINANCE, MANAGER, OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-steps-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('partner-ledger step commands', () => {
  it('take a workbook file from init to paid, each step as the person allowed to do it', () => {
    const book = path.join(tmp, 'book.json');
    const as = (user: string, ...args: string[]) => cli(...args, '--workbook', book, '--user', user, '--as-of', '2026-05-31');
    expect(as(OWNER, 'init', '--settings', example('settings.csv')).code).toBe(0);
    for (const [kind, file] of [['partners', 'partners.csv'], ['conversions', 'conversions.csv'], ['rules', 'rules.csv'], ['fx', 'fx.csv']]) {
      expect(as(OPS, 'import', kind, example(file)).code).toBe(0);
    }
    expect(as(OPS, 'post').code).toBe(0);
    const why = as(OPS, 'explain', 'P-0006');
    expect(why.code).toBe(0);
    expect(why.out).toMatch(/^Fresh Start Newsletter \(P-0006\):\n  - Not paid now: .*below the minimum payout of 25\.00 USD/);
    expect(as(OPS, 'explain', 'nobody').code).toBe(1);
    expect(as(OPS, 'batch').out).toMatch(/batch B-20260531-1 built: 229\.75 USD to 4 partners/);
    // Ops may not approve; the manager may. Exit 1 = refused.
    expect(as(OPS, 'approve').code).toBe(1);
    expect(as(MANAGER, 'approve').code).toBe(0);
    const out = path.join(tmp, 'ap');
    const exported = as(FINANCE, 'export', '--out', out);
    expect(exported.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'payout-B-20260531-1.csv'), 'utf8')).toMatch(/^batch_id,partner_id,partner_name/);
    expect(as(FINANCE, 'paid').code).toBe(1); // no payment reference
    expect(as(FINANCE, 'paid', '--reference', 'BANK-0601').code).toBe(0);
    expect(as(OPS, 'verify').code).toBe(0);
    expect(as(OPS, 'balances').out).toMatch(/P-0001\s+Ada's Audio Reviews\s+0\.00\s+0\.00\s+45\.00\s+0\.00/);
  });

  it('verify exits 1 and names the row when a protected tab was edited', () => {
    const book = path.join(tmp, 'book.json');
    const as = (user: string, ...args: string[]) => cli(...args, '--workbook', book, '--user', user, '--as-of', '2026-05-31');
    as(OWNER, 'init', '--settings', example('settings.csv'));
    as(OPS, 'import', 'partners', example('partners.csv'));
    as(OPS, 'import', 'conversions', example('conversions.csv'));
    expect(as(OPS, 'post').code).toBe(0);
    // Edit one amount in the saved workbook, as someone with the file would.
    const saved = fs.readFileSync(book, 'utf8');
    const edited = saved.replace(/"v": ?1200(?=[,}])/, '"v": 120000');
    expect(edited).not.toBe(saved);
    fs.writeFileSync(book, edited);
    const verify = as(OPS, 'verify');
    expect(verify.code).toBe(1);
    expect(verify.err).toMatch(/Ledger!\d+ \(edited\)/);
  });
});

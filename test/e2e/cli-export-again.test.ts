// Exporting a batch again into the same directory: the earlier export of that batch goes, so a
// payable file never sits beside the ALREADY-PAID one; other batches' files and other files stay.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FINANCE, MANAGER, OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-export-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('partner-ledger export into a directory it exported to before', () => {
  it('removes the earlier payable file of a batch re-exported after it was paid, and says so', () => {
    const book = path.join(tmp, 'book.json');
    const out = path.join(tmp, 'ap');
    const as = (user: string, ...args: string[]) => cli(...args, '--workbook', book, '--user', user, '--as-of', '2026-05-31');
    expect(as(OWNER, 'init', '--settings', example('settings.csv')).code).toBe(0);
    for (const kind of ['partners', 'conversions', 'rules', 'fx']) expect(as(OPS, 'import', kind, example(`${kind}.csv`)).code).toBe(0);
    expect(as(OPS, 'post').code).toBe(0);
    expect(as(OPS, 'batch').code).toBe(0);
    expect(as(MANAGER, 'approve').code).toBe(0);
    expect(as(FINANCE, 'export', '--out', out).code).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['payout-B-20260531-1.csv']);
    // Files that are not this batch's export stay.
    fs.writeFileSync(path.join(out, 'payout-B-20260531-10.csv'), 'another batch');
    fs.writeFileSync(path.join(out, 'notes.csv'), 'mine');
    expect(as(FINANCE, 'paid', '--reference', 'BANK-0601').code).toBe(0);
    const again = as(FINANCE, 'export', '--out', out);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`removed ${path.join(out, 'payout-B-20260531-1.csv')}: an earlier export of B-20260531-1`);
    expect(fs.readdirSync(out).sort()).toEqual(['ALREADY-PAID-payout-B-20260531-1.csv', 'notes.csv', 'payout-B-20260531-10.csv']);
  });
});

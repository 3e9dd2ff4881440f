// The workbook file on disk: a symlink is followed (one lock, written through), and a save killed
// midway leaves no temporary file behind for good.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-path-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('a symlinked --workbook', () => {
  it('is written through: the link stays a link and the real file gets the rows', () => {
    expect(cli('init', '--workbook', 'real.json', '--user', OWNER, '--settings', example('settings.csv')).code).toBe(0);
    fs.symlinkSync('real.json', path.join(tmp, 'book.json'));
    expect(cli('import', 'partners', example('partners.csv'), '--workbook', 'book.json', '--user', OPS).code).toBe(0);
    expect(fs.lstatSync(path.join(tmp, 'book.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'real.json'), 'utf8')).toContain('Ada\'s Audio Reviews');
  });

  it('is locked as the real file: a lock on real.json makes a command on book.json wait its turn', () => {
    expect(cli('init', '--workbook', 'real.json', '--user', OWNER).code).toBe(0);
    fs.symlinkSync('real.json', path.join(tmp, 'book.json'));
    fs.writeFileSync(path.join(tmp, 'real.json.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    const busy = cli('balances', '--workbook', 'book.json', '--user', OWNER);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/another partner-ledger command is using book\.json/);
    expect(fs.existsSync(path.join(tmp, 'book.json.lock'))).toBe(false);
  });
});

describe('temporary files of a killed save', () => {
  it('are named by the stale-lock message and removed by the next command', () => {
    expect(cli('init', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    const pid = deadPid();
    const temp = path.join(tmp, `.book.json.${pid}.1700000000000.tmp`);
    fs.writeFileSync(temp, '{"half": ');
    fs.writeFileSync(path.join(tmp, 'book.json.lock'), JSON.stringify({ pid, host: os.hostname(), since: new Date().toISOString() }));
    const stale = cli('balances', '--workbook', 'book.json', '--user', OWNER);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain(`unfinished save(s), removed by the next command: ${temp}`);
    fs.rmSync(path.join(tmp, 'book.json.lock'));
    expect(cli('balances', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    expect(fs.existsSync(temp)).toBe(false);
  });

  it('of a process still running are left alone', () => {
    expect(cli('init', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    const temp = path.join(tmp, `.book.json.${process.pid}.1700000000000.tmp`);
    fs.writeFileSync(temp, '{}');
    expect(cli('balances', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    expect(fs.existsSync(temp)).toBe(true);
  });
});

describe('a damaged workbook file', () => {
  type Book = { spreadsheet: { owner: unknown; sheets: Array<{ name: unknown; maxColumns: number; cells: unknown[][] }> }; documentProperties: Record<string, unknown> };
  const damages: Array<[string, (book: Book) => void, RegExp]> = [
    ['a cell entry replaced by [1]', (b) => { b.spreadsheet.sheets[1].cells[0] = [1]; }, /spreadsheet\.sheets\[1\]\.cells\[0\] should be \[row, column, \{cell\}\], not \[1\]/],
    ['the owner a number', (b) => { b.spreadsheet.owner = 5; }, /spreadsheet\.owner should be an email address, not 5/],
    ['a sheet without a name', (b) => { b.spreadsheet.sheets[0].name = null; }, /spreadsheet\.sheets\[0\]\.name should be text, not null/],
    ['a document property that is an object', (b) => { b.documentProperties.x = { a: 1 }; }, /documentProperties\.x should be text/],
    ['a cell beyond maxColumns', (b) => { const s = b.spreadsheet.sheets[1]; s.cells.push([1, s.maxColumns + 1, { v: 'x' }]); }, /spreadsheet\.sheets\[1\]\.cells\[\d+\] is at column \d+, outside the sheet's columns 1-\d+/],
  ];
  it.each(damages)('%s: exit 2 with one line naming the file and the part, no stack trace', (_what, damage, expected) => {
    expect(cli('init', '--workbook', 'book.json', '--user', OWNER, '--settings', example('settings.csv')).code).toBe(0);
    const book = JSON.parse(fs.readFileSync(path.join(tmp, 'book.json'), 'utf8')) as Book;
    damage(book);
    fs.writeFileSync(path.join(tmp, 'book.json'), JSON.stringify(book));
    const r = cli('balances', '--workbook', 'book.json', '--user', OPS);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^partner-ledger: book\.json is a damaged workbook file: /);
    expect(lines[0]).toMatch(expected);
  });
});

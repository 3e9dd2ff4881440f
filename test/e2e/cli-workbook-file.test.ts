// The workbook file the step commands share: one command at a time, written whole, never created
// by a refused init, never rejected with a stack trace, and saved as soon as an action completed.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/local/cli';
import { lockWorkbookFile, WorkbookSession } from '../../src/local/workbook-session';
import { MANAGER, OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);
const AS_OF = ['--as-of', '2026-05-31'];

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-book-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function cliAsync(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The example month's partners and conversions imported into `book`. */
function bookWithImports(book: string): void {
  const as = (user: string, ...args: string[]) => cli(...args, '--workbook', book, '--user', user, ...AS_OF);
  expect(as(OWNER, 'init', '--settings', example('settings.csv')).code).toBe(0);
  expect(as(OPS, 'import', 'partners', example('partners.csv')).code).toBe(0);
  expect(as(OPS, 'import', 'conversions', example('conversions.csv')).code).toBe(0);
}

/** The example month up to a draft batch, in `book`. */
function bookWithDraftBatch(book: string): void {
  const as = (user: string, ...args: string[]) => cli(...args, '--workbook', book, '--user', user, ...AS_OF);
  bookWithImports(book);
  expect(as(OPS, 'post').code).toBe(0);
  expect(as(OPS, 'batch').code).toBe(0);
}

const STACK = /\n\s+at /;

describe('partner-ledger on a workbook file: one command at a time', () => {
  it('a command on a workbook another command holds exits 1, says who holds it, and changes nothing', () => {
    const book = path.join(tmp, 'book.json');
    bookWithDraftBatch(book);
    const before = fs.readFileSync(book, 'utf8');
    const lock = lockWorkbookFile(book);
    expect(lock.ok).toBe(true);
    try {
      const approve = cli('approve', '--workbook', book, '--user', MANAGER, ...AS_OF);
      expect(approve.code).toBe(1);
      expect(approve.err).toContain(`another partner-ledger command is using ${book} (pid ${process.pid}`);
      expect(approve.err).toContain('nothing was changed; try again when it finishes');
      expect(approve.out).not.toMatch(/approved/);
      expect(fs.readFileSync(book, 'utf8')).toBe(before);
    } finally {
      if (lock.ok) lock.release();
    }
    expect(cli('approve', '--workbook', book, '--user', MANAGER, ...AS_OF).code).toBe(0);
  });

  it('two commands run at once never both report success while one action is lost', async () => {
    const book = path.join(tmp, 'book.json');
    bookWithDraftBatch(book);
    const [approve, rules] = await Promise.all([
      cliAsync('approve', '--workbook', book, '--user', MANAGER, ...AS_OF),
      cliAsync('import', 'rules', example('rules.csv'), '--workbook', book, '--user', OPS, ...AS_OF),
    ]);
    const saved = fs.readFileSync(book, 'utf8');
    const approved = saved.includes('"Payout B-20260531-1"');
    const rules_imported = saved.includes('"R-ADA-VIP"');
    // Each command either did its work (exit 0, and the work is in the file) or was turned away.
    expect({ code: approve.code, kept: approved }).toEqual(approve.code === 0 ? { code: 0, kept: true } : { code: 1, kept: false });
    expect({ code: rules.code, kept: rules_imported }).toEqual(rules.code === 0 ? { code: 0, kept: true } : { code: 1, kept: false });
    for (const loser of [approve, rules].filter((r) => r.code === 1)) expect(loser.err).toMatch(/another partner-ledger command is using/);
    expect(fs.readdirSync(tmp).sort()).toEqual(['book.json']); // no lock or temporary file left behind
  });

  it('a lock left by a process that is gone is reported with how to remove it, not taken over', () => {
    const book = path.join(tmp, 'book.json');
    bookWithDraftBatch(book);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const dead_pid = Number(gone.stdout);
    fs.writeFileSync(`${book}.lock`, JSON.stringify({ pid: dead_pid, host: os.hostname(), since: '2026-05-31T09:00:00.000Z' }));
    const before = fs.readFileSync(book, 'utf8');
    const approve = cli('approve', '--workbook', book, '--user', MANAGER, ...AS_OF);
    expect(approve.code).toBe(1);
    expect(approve.err).toContain(`pid ${dead_pid}`);
    expect(approve.err).toContain('no longer running');
    expect(approve.err).toContain(`rm '${book}.lock'`);
    expect(fs.readFileSync(book, 'utf8')).toBe(before);
    expect(fs.existsSync(`${book}.lock`)).toBe(true);
    fs.rmSync(`${book}.lock`);
    expect(cli('approve', '--workbook', book, '--user', MANAGER, ...AS_OF).code).toBe(0);
  });
});

describe('partner-ledger init', () => {
  it('with bad settings writes no workbook file and names the settings file line of each problem', () => {
    const book = path.join(tmp, 'book.json');
    const settings = path.join(tmp, 'settings.csv');
    fs.writeFileSync(settings, 'key,value\nhold_days,abc\nmanagers,maria.manager@acme.example\nmanagers,not-an-email\n');
    const init = cli('init', '--settings', settings, '--workbook', book, '--user', OWNER, ...AS_OF);
    expect(init.code).toBe(1);
    expect(fs.existsSync(book)).toBe(false);
    expect(init.err).toContain('settings.csv line 2, value: hold_days "abc" is not valid');
    expect(init.err).toMatch(/settings\.csv line 4, key: .*managers/);
    expect(init.err).not.toMatch(/Settings!\d/);
    // Fixed, the same init now works: nothing was left behind to say "already exists".
    fs.writeFileSync(settings, 'key,value\nhold_days,30\nmanagers,maria.manager@acme.example\n');
    expect(cli('init', '--settings', settings, '--workbook', book, '--user', OWNER, ...AS_OF).code).toBe(0);
    expect(fs.existsSync(book)).toBe(true);
  });
});

describe('partner-ledger with a workbook file that is not one', () => {
  it.each([
    ['corrupt JSON', '{bad', /bad\.json is not valid JSON/],
    ['an empty object', '{}', /bad\.json is not an emulator workbook file/],
    ['a workbook without its spreadsheet', '{"format":"partner-ledger-emulator-workbook","version":1}', /bad\.json is an incomplete workbook file: spreadsheet/],
  ])('%s: exit 2, one line naming the file, no stack trace', (_, text, message) => {
    const book = path.join(tmp, 'bad.json');
    fs.writeFileSync(book, text);
    for (const command of [['post'], ['dump', '--out', path.join(tmp, 'out')]]) {
      const run = cli(...command, '--workbook', book, '--user', OPS);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(message);
      expect(run.err).not.toMatch(STACK);
      expect(run.err.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.readFileSync(book, 'utf8')).toBe(text);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it('init under a path where a file stands in for a directory: exit 2, no stack trace', () => {
    fs.writeFileSync(path.join(tmp, 'file'), '');
    const run = cli('init', '--workbook', path.join(tmp, 'file', 'book.json'), '--user', OWNER);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/cannot be created: .*file is a file, not a directory/);
    expect(run.err).not.toMatch(STACK);
  });

  it('a directory as --workbook: exit 2, no stack trace', () => {
    const run = cli('post', '--workbook', tmp, '--user', OPS);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/is not a file/);
    expect(run.err).not.toMatch(STACK);
  });
});

describe('partner-ledger post', () => {
  it('saves the posted entries before showing balances: a display failure exits 1 and says the post was saved', () => {
    const book = path.join(tmp, 'book.json');
    bookWithImports(book);
    // The balances display fails as it did for amounts past a double's exact range.
    const run = WorkbookSession.prototype.run;
    const failing = jest.spyOn(WorkbookSession.prototype, 'run').mockImplementation(function (this: WorkbookSession, email: string, fn: string, ...args: unknown[]) {
      if (fn === 'getPartnerBalances') throw new Error('amount 12000000000000000 exceeds the exact range of a double\n    at partnerBalances');
      return run.call(this, email, fn, ...args);
    });
    const lines = { out: [] as string[], err: [] as string[] };
    let code: number;
    try {
      code = main(['post', '--workbook', book, '--user', OPS, ...AS_OF], { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) });
    } finally {
      failing.mockRestore();
    }
    expect(code).toBe(1);
    expect(lines.out.join('\n')).toMatch(/^post: 21 entries posted/);
    expect(lines.err.at(-1)).toEqual(`post: the post itself completed and was saved to ${book}, but showing the balances failed: amount 12000000000000000 exceeds the exact range of a double`);
    // Saved: posting again posts nothing new.
    expect(cli('post', '--workbook', book, '--user', OPS, ...AS_OF).out).toMatch(/^post: 0 entries posted/);
  });
});

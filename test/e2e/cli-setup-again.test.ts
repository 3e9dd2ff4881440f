// Set-up again from the CLI (someone added to Settings later), and the people `run` and `init`
// name being editors of the spreadsheet, so Set-up with operators empty protects tabs for them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MANAGER, OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);
const MAX = 'max.manager@acme.example';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-setup-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** Settings without the operators row (the example names none, but say so explicitly). */
function settingsWithout(key: string): string {
  const file = path.join(tmp, 'settings-no-' + key + '.csv');
  const lines = fs.readFileSync(example('settings.csv'), 'utf8').split('\n').filter((l) => !l.startsWith(`${key},`));
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

describe('partner-ledger setup', () => {
  it('re-applies Settings to the protections, so a manager added after init can approve', () => {
    const book = path.join(tmp, 'book.json');
    const as = (user: string, ...args: string[]) => cli(...args, '--workbook', book, '--user', user, '--as-of', '2026-05-31');
    expect(as(OWNER, 'init', '--settings', example('settings.csv')).code).toBe(0);
    for (const kind of ['partners', 'conversions', 'rules', 'fx']) expect(as(OPS, 'import', kind, example(`${kind}.csv`)).code).toBe(0);
    expect(as(OPS, 'post').code).toBe(0);
    expect(as(OPS, 'batch').code).toBe(0);
    // The owner adds a second manager in the Settings tab.
    const saved = fs.readFileSync(book, 'utf8');
    const edited = saved.replace(`"v": "${MANAGER}"`, `"v": "${MANAGER}, ${MAX}"`);
    expect(edited).not.toBe(saved);
    fs.writeFileSync(book, edited);
    const refused = as(MAX, 'approve');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`in the CLI: partner-ledger setup --workbook ${book} --user ${OWNER}`);
    const setup = as(OWNER, 'setup');
    expect(setup.code).toBe(0);
    expect(setup.out).toMatch(/^set up: /);
    expect(as(MAX, 'approve').code).toBe(0);
  });

  it('is refused for someone who is neither the owner nor a manager, and needs an existing workbook', () => {
    const book = path.join(tmp, 'book.json');
    expect(cli('setup', '--workbook', book, '--user', OWNER).code).toBe(2);
    expect(cli('init', '--workbook', book, '--user', OWNER, '--settings', example('settings.csv')).code).toBe(0);
    expect(cli('setup', '--workbook', book, '--user', OPS).code).toBe(1);
  });
});

describe('people named on the command line are editors of the spreadsheet', () => {
  it('run with --owner and no operators setting lets --user import and --approver approve', () => {
    const out = path.join(tmp, 'out');
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'),
      '--settings', settingsWithout('operators'), '--as-of', '2026-05-31', '--user', OPS, '--approver', MANAGER,
      '--owner', OWNER, '--out', out);
    expect(run.err).not.toMatch(/NOT_PERMITTED/);
    expect(run.code).toBe(0);
    expect(fs.readdirSync(out).some((f) => /^payout-B-20260531-1/.test(f))).toBe(true);
  });

  it('run without --settings and with --owner completes', () => {
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'),
      '--as-of', '2026-05-31', '--user', OPS, '--owner', OWNER, '--out', path.join(tmp, 'out'));
    expect(run.err).not.toMatch(/NOT_PERMITTED/);
    expect(run.code).toBe(0);
  });

  it('init --editors shares the workbook, so with operators empty those people may import', () => {
    const book = path.join(tmp, 'book.json');
    const settings = settingsWithout('operators');
    expect(cli('init', '--workbook', book, '--user', OWNER, '--settings', settings, '--editors', `${OPS}, ${MAX}`).code).toBe(0);
    expect(cli('import', 'partners', example('partners.csv'), '--workbook', book, '--user', OPS).code).toBe(0);
    expect(cli('init', '--workbook', path.join(tmp, 'b2.json'), '--user', OWNER, '--editors', 'not-an-email').code).toBe(2);
  });
});

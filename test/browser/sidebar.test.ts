// The sidebar in a real headless Chromium (Debian's package, driven by playwright-core), with
// google.script.run bridged to the built bundle running in the emulator: the whole cycle as people
// click it. Screenshots of each view go to test-artifacts/screenshots/.
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { EXAMPLE_PEOPLE, exampleSession } from '../../src/local/example-month';
import { startSidebarServer, type SidebarServer } from '../../src/local/sidebar-server';
import { PROJECT_ROOT, type WorkbookSession } from '../../src/local/workbook-session';
import { parseCsv } from '../../src/core/input/csv';
import { LEDGER_CHUNK_ENTRIES } from '../../src/server/ledger-source';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(PROJECT_ROOT, 'test-artifacts', 'screenshots');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const { owner: OWNER, ops: OPS, manager: MANAGER, finance: FINANCE } = EXAMPLE_PEOPLE;

let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH. .ci/run installs it.`);
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** A page the width of the Sheets sidebar (300 px), acting as `user`. */
async function open(server: SidebarServer, user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 320, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (error) => { throw error; });
  await page.goto(`${server.url}?as=${encodeURIComponent(user)}`);
  await idle(page);
  return page;
}

/** Waits until no server call is running. */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.classList.contains('busy') && !document.getElementById('who')!.textContent!.startsWith('Loading'));
}

/** The status line once the action a click started has finished and said something. */
async function statusText(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const node = document.getElementById('status')!;
    return !document.body.classList.contains('busy') && node.className !== 'busy' && node.textContent !== '';
  });
  return (await page.textContent('#status')) ?? '';
}

/** The value of `read` once `done` holds (or the last value after ~5 s, for the assertion to report). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

function batches(session: WorkbookSession): Array<{ batch_id: string; state: string; content_hash: string }> {
  const result = session.run<{ ok: boolean; batches: Array<{ batch_id: string; state: string; content_hash: string }> }>(OWNER, 'getBatches');
  if (!result.ok) throw new Error('getBatches refused');
  return result.batches;
}

describe('the sidebar in Chromium, through the whole cycle', () => {
  let session: WorkbookSession;
  let server: SidebarServer;

  beforeAll(async () => {
    session = exampleSession('blank');
    server = await startSidebarServer({ session, default_user: OWNER });
  });
  afterAll(async () => { await server?.close(); });

  test('the set-up interview maps the user\'s own headers with a preview, writes nothing until Create, then sets up', async () => {
    const page = await open(server, OWNER);
    expect(await page.isVisible('#view-setup')).toBe(true);
    await page.fill('#setup-min_payout', '25.00');
    await page.click('#setup-next');
    await page.fill('#setup-managers', MANAGER);
    await page.fill('#setup-finance', FINANCE);
    await page.fill('#setup-operators', OPS);
    await page.click('#setup-next');
    await page.selectOption('#setup-sample-kind', 'conversions');
    const sample = 'Order Number,Order Total,Order Date,Coupon Used\nA-1,120.00,2026-05-02,ADA10\nA-2,80.00,2026-05-03,BOB5\n';
    await page.setInputFiles('#setup-sample', { name: 'shop-export.csv', mimeType: 'text/csv', buffer: Buffer.from(sample) });
    await page.waitForSelector('#setup-mapping table');
    // "Coupon Used" is no known name: the user points it at `code`.
    const coupon = page.locator('select[data-header="Coupon Used"]');
    expect(await coupon.inputValue()).toBe('');
    await coupon.selectOption('code');
    expect(await until(() => page.textContent('#setup-mapping'), (t) => (t ?? '').includes('your mapping'))).toContain('your mapping');
    expect(await page.textContent('#setup-mapping')).toContain('Every required column is found');
    expect(await page.textContent('#setup-mapping')).toContain('Coupon Used → code');
    expect(await page.textContent('#setup-mapping')).toContain('A-2');
    await shot(page, '01-setup-interview-mapping');
    expect(session.emulator.workbook.hasSheet('Settings')).toBe(false);

    await page.click('#setup-next');
    expect(await page.textContent('#setup-summary')).toContain('map.code');
    await shot(page, '02-setup-interview-confirm');
    expect(session.emulator.workbook.hasSheet('Settings')).toBe(false);
    await page.click('#setup-create');
    expect(await statusText(page)).toMatch(/^Set up: created /);
    const settings = session.emulator.workbook.values('Settings').map((r) => [String(r[0]), String(r[1])]);
    expect(settings).toEqual(expect.arrayContaining([['managers', MANAGER], ['min_payout', '25.00'], ['map.code', 'Coupon Used']]));
    const audit = session.emulator.workbook.values('Audit');
    expect(audit.some((row) => row.includes('SETUP') && row.includes(OWNER))).toBe(true);
    expect(session.emulator.workbook.protection('Ledger')).not.toBeNull();
    await page.close();
  });

  test('ops imports the example files, validates, follows a problem link, posts and builds a batch', async () => {
    const before = server.calls.length;
    const page = await open(server, OPS);
    expect(await page.isVisible('#view-ops')).toBe(true);
    // Opening reads the small summary only; the totals (the whole Ledger) wait until asked for.
    expect(server.calls.slice(before).map((c) => c.fn)).toEqual(['getSummary']);
    expect(await page.isVisible('#show-totals')).toBe(true);
    for (const kind of ['partners', 'conversions', 'rules', 'fx']) {
      await page.selectOption('#import-kind', kind);
      await page.setInputFiles('#import-file', path.join(EXAMPLES, `${kind}.csv`));
      await page.click('#import');
      expect(await statusText(page)).toContain(`Imported ${kind}.csv`);
    }
    const conversions = session.emulator.workbook.values('Conversions').length - 1;
    expect(await page.locator('#counts').textContent()).toContain(`Conversions${conversions}`);
    await page.click('#validate');
    expect(await statusText(page)).toMatch(/^Validated: /);
    const problems = Number(await page.textContent('#problem-count'));
    expect(problems).toBeGreaterThan(0);
    const first = page.locator('#problems li a').first();
    const where = (await first.textContent()) ?? '';
    await first.click();
    expect(await until(async () => session.emulator.workbook.activeRange()?.sheet, (s) => s !== undefined)).toBe(where.split('!')[0]);
    expect(session.emulator.workbook.activeRange()?.a1).toMatch(new RegExp(`^[A-Z]+${where.split('!')[1].split(',')[0]}$`));

    await page.click('#post');
    expect(await statusText(page)).toMatch(/^Posted: /);
    expect(await until(() => page.textContent('#ops-totals'), (t) => (t ?? '').includes('Held for review'))).toContain('Held for review');
    // The table shows the server's own figures, row for row.
    const dashboard = session.run<{ ok: true; status_totals: Array<{ status: string; entry_count: number; amount: string; currency: string }> }>(OPS, 'getDashboard');
    const eligible = dashboard.status_totals.find((t) => t.status === 'eligible')!;
    expect(eligible.entry_count).toBeGreaterThan(0);
    const cells = await page.locator('#ops-totals tbody tr').allTextContents();
    expect(cells).toContain(`Eligible${eligible.entry_count}${eligible.amount} ${eligible.currency}`);
    expect(cells).toHaveLength(7);
    expect(await page.textContent('#capacity')).toMatch(/^Spreadsheet size: [\d.]+[Mk] of 10M cells \(\d+%\); largest tabs: /);
    await page.click('#build-batch');
    expect(await statusText(page)).toMatch(/^Built: batch B-20260531-1 built/);
    expect(await page.textContent('#ops-batch')).toContain('Not in this batch');

    // Why is a skipped partner not paid? The answer is the batch's own skip reason, in words.
    const skipped = (await page.textContent('#ops-batch ul.skips li')) ?? '';
    const partner_id = /\(([^)]+)\)/.exec(skipped)?.[1] ?? '';
    expect(partner_id).not.toBe('');
    await page.fill('#explain-query', partner_id);
    await page.click('#explain');
    await idle(page);
    expect(await page.textContent('#explain-answer')).toContain(partner_id);
    expect(await page.textContent('#explain-answer')).toContain('Not paid now');
    await shot(page, '03-ops-view');
    await page.close();
  });

  test('a non-manager and a hidden email see Approve disabled with the reason', async () => {
    for (const [user, reason] of [[OPS, /manager/i], ['', /email/i]] as const) {
      const page = await open(server, user);
      await page.click('nav button[data-view="batches"]');
      await idle(page);
      await page.click('button[data-batch="B-20260531-1"]');
      await idle(page);
      const approve = page.locator('#batch-detail button', { hasText: 'Approve' });
      expect(await approve.isDisabled()).toBe(true);
      expect(await page.textContent('#batch-detail .gated .reason')).toMatch(reason);
      if (user === OPS) await shot(page, '04-batch-approve-disabled');
      await page.close();
    }
    expect(batches(session)[0].state).toBe('draft');
  });

  test('a manager clears a held entry and approves the batch', async () => {
    const before = server.calls.length;
    const page = await open(server, MANAGER);
    expect(await page.isVisible('#view-batches')).toBe(true);
    expect(server.calls.slice(before).map((c) => c.fn)).toEqual(['getSummary', 'getBatchList']);
    await page.click('nav button[data-view="review"]');
    await idle(page);
    const queue = session.run<{ ok: true; total: number }>(MANAGER, 'listHeldEntries', 0, 50);
    const held = await page.locator('#review-list tbody tr').count();
    expect(queue.total).toBeGreaterThan(0);
    expect(held).toBe(queue.total);
    await page.locator('#review-list input[type=checkbox]').first().check();
    await page.click('#review-clear');
    expect(await statusText(page)).toBe('Done: 1 entries cleared (eligible when due)');
    expect(await page.locator('#review-list tbody tr').count()).toBe(held - 1);
    await shot(page, '05-manager-review-queue');

    await page.click('nav button[data-view="batches"]');
    await idle(page);
    await page.click('button[data-batch="B-20260531-1"]');
    await idle(page);
    const batch = session.run<{ ok: true; batches: Array<{ totals: Array<{ amount: string; currency: string }> }> }>(MANAGER, 'getBatches').batches[0];
    expect(await page.textContent('#batch-detail')).toContain(batch.totals[0].amount);
    const approve = page.locator('#batch-detail button', { hasText: 'Approve' });
    expect(await approve.isEnabled()).toBe(true);
    await shot(page, '06-manager-batch-review');
    await approve.click();
    expect(await statusText(page)).toContain('batch B-20260531-1 approved');
    expect(batches(session)[0].state).toBe('approved');
    expect(session.emulator.workbook.hasSheet('Payout B-20260531-1')).toBe(true);
    await page.close();
  });

  test('finance downloads a CSV whose bytes equal the payout tab, and marks the batch paid', async () => {
    const page = await open(server, FINANCE);
    expect(await page.isVisible('#view-finance')).toBe(true);
    await page.click('button[data-batch="B-20260531-1"]');
    await idle(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#finance-detail button', { hasText: 'Download payout CSV' }).click(),
    ]);
    const saved = path.join(SHOTS, '..', download.suggestedFilename());
    await download.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    // What File → Download → CSV gives for the payout tab (no cell needs quoting in these columns).
    const tab = session.emulator.workbook.values('Payout B-20260531-1').filter((r) => r.some((v) => v !== ''));
    const tab_csv = tab.map((r) => r.join(',')).join('\r\n') + '\r\n';
    expect(bytes.equals(Buffer.from(tab_csv, 'utf8'))).toBe(true);
    const total = session.run<{ ok: true; batches: Array<{ totals: Array<{ amount: string; currency: string; line_count: number }> }> }>(FINANCE, 'getBatches').batches[0].totals[0];
    expect(tab.length).toBe(total.line_count + 1);
    expect(await page.textContent('#finance-files')).toContain(`control total: ${total.line_count} rows, ${total.amount} ${total.currency}`);
    await shot(page, '07-finance-view');

    await page.fill('#payment-reference', 'WIRE-2026-06-01');
    await page.locator('#finance-detail button', { hasText: 'Mark paid' }).click();
    expect(await statusText(page)).toContain('marked paid (reference WIRE-2026-06-01)');
    expect(batches(session)[0].state).toBe('paid');
    await page.close();
  });

  test('errors from the server reach the user: a refusal and a crash', async () => {
    const page = await open(server, OPS);
    // The entry the manager cleared is paid by the next batch; a second build is refused with the reason.
    await page.click('#build-batch');
    expect(await statusText(page)).toMatch(/^Built: batch B-20260531-2 built/);
    await page.click('#build-batch');
    expect(await statusText(page)).toMatch(/^Batch B-20260531-2 is still draft: only one batch may be open at a time\. Ask a manager/);
    expect(await page.getAttribute('#status', 'class')).toBe('error');
    // The next write fails inside Apps Script: the failure handler's message is shown, not swallowed.
    session.emulator.injectFaultAfter(1);
    await page.click('#post');
    const shown = await statusText(page);
    session.emulator.injectFaultAfter(null);
    expect(shown).toMatch(/^Posting commissions failed: .+/);
    expect(await page.getAttribute('#status', 'class')).toBe('error');
    await shot(page, '08-server-error-shown');
    await page.close();
  });
});

test('the manager who built a batch sees Approve disabled: another manager must approve', async () => {
  const session = exampleSession('posted');
  const built = session.run<{ ok: boolean }>(MANAGER, 'buildPayoutBatch');
  expect(built.ok).toBe(true);
  const server = await startSidebarServer({ session, default_user: MANAGER });
  try {
    const page = await open(server, MANAGER);
    await page.click('button[data-batch="B-20260531-1"]');
    await idle(page);
    expect(await page.locator('#batch-detail button', { hasText: 'Approve' }).isDisabled()).toBe(true);
    expect(await page.textContent('#batch-detail .gated .reason')).toContain('built batch B-20260531-1, so another manager must approve it');
    await page.close();
  } finally {
    await server.close();
  }
});

/** The example month with its conversions repeated (distinct order ids): two Ledger chunks' worth. */
function longMonth(): WorkbookSession {
  const session = exampleSession('set_up');
  const read = (name: string) => {
    const parsed = parseCsv(new Uint8Array(fs.readFileSync(path.join(EXAMPLES, name))), name);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return parsed;
  };
  const partners = read('partners.csv');
  expect(session.run<{ ok: boolean }>(OPS, 'importRows', { kind: 'partners', file: 'partners.csv', headers: partners.headers, rows: partners.rows, line_of_row: partners.line_of_row }).ok).toBe(true);
  const conversions = read('conversions.csv');
  const copies = Math.ceil((LEDGER_CHUNK_ENTRIES * 2) / conversions.rows.length);
  const rows = Array.from({ length: copies }, (_, k) => conversions.rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
  const imported = session.run<{ ok: boolean }>(OPS, 'importRows', { kind: 'conversions', file: 'long.csv', headers: conversions.headers, rows, line_of_row: rows.map((_, i) => i + 2) });
  expect(imported.ok).toBe(true);
  return session;
}

test('a post too long for one execution continues by itself and ends with the Ledger of one uninterrupted post', async () => {
  const uninterrupted = longMonth();
  expect(uninterrupted.run<{ ok: boolean; complete: boolean }>(OPS, 'postCommissions')).toMatchObject({ ok: true, complete: true });

  const session = longMonth();
  // Slow Sheets (as test/e2e/chunked-post): the 4-minute budget holds one Ledger chunk per run.
  session.emulator.simulateServiceTime({ ms_per_call: 50, ms_per_cell: 0.4 });
  session.emulator.setExecutionLimit(6 * 60_000);
  const server = await startSidebarServer({ session, default_user: OPS });
  try {
    const page = await open(server, OPS);
    const before = server.calls.length;
    await page.click('#post');
    expect(await statusText(page)).toMatch(/^Posted in 2 runs \(\d+ entries\): /);
    expect(server.calls.slice(before).filter((c) => c.fn === 'postCommissions')).toHaveLength(2);
    const ledger = (s: WorkbookSession) => s.emulator.workbook.values('Ledger');
    expect(ledger(session)).toEqual(ledger(uninterrupted));
    expect(ledger(session).length).toBeGreaterThan(LEDGER_CHUNK_ENTRIES + 1);
    await page.close();
  } finally {
    await server.close();
  }
});


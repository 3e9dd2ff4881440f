// `partner-ledger`: runs the built add-on in the local Apps Script emulator, for people without
// Google access, for demos and for tests. Every command calls the same server functions the menu
// and sidebar call. Exit codes: 0 done (row errors are reported, not fatal), 1 an action was
// refused, 2 a usage or structural error (nothing written).
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseCsv } from '../core/input/csv';
import { headerKey } from '../core/input/headers';
import { validateSettings } from '../core/input/settings';
import type { RowError, StructuralError } from '../core/model';
import { dumpWorkbook, removeRunOutputs, runMayReplace } from './dump';
import { WorkbookFileError } from './emulator/workbook-file';
import { assertBuilt, lockWorkbookFile, orphanedTempFiles, removeOrphanedTempFiles, WorkbookSession, type WorkbookLock } from './workbook-session';

export const EXIT = { done: 0, refused: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(message: string, readonly exit_code: number) {
    super(message);
  }
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: partner-ledger <command> [options]

Whole cycle (in memory, nothing kept but --out):
  run --partners P.csv --conversions C.csv [--settings S.csv] [--rules R.csv] [--fx F.csv]
      --as-of YYYY-MM-DD --user OPS_EMAIL [--approver MANAGER_EMAIL] [--owner EMAIL] --out DIR
  The spreadsheet's owner is --owner, else --user; --approver approves only if Settings list them
  as a manager. Each run replaces the tab CSVs and payout files an earlier run left in DIR.

Step by step on a workbook file (--workbook FILE --user EMAIL on each):
  init [--settings S.csv] [--owner EMAIL] [--editors EMAIL,...] [--time-zone ZONE]
  setup [--settings S.csv]                             (owner or a manager: Set up this spreadsheet again)
  import partners|conversions|rules|fx FILE
  validate | post | balances
  explain PARTNER                                      (why is this partner not being paid?)
  review clear|reject ENTRY_ID... [--reason TEXT]      (managers)
  batch                                                (ops)
  approve | reject --reason TEXT | void --reason TEXT  [--batch ID]   (managers)
  export --out DIR | paid --reference REF  [--batch ID]              (finance, managers)
  verify | dump --out DIR

Options: --as-of YYYY-MM-DD fixes "today" for the add-on, in the workbook's time zone (default:
the real date). One command at a time per workbook: a second one exits 1 and changes nothing.
  help, --help                                         this text`;

const OPTIONS = {
  partners: { type: 'string' },
  conversions: { type: 'string' },
  settings: { type: 'string' },
  rules: { type: 'string' },
  fx: { type: 'string' },
  'as-of': { type: 'string' },
  user: { type: 'string' },
  approver: { type: 'string' },
  owner: { type: 'string' },
  out: { type: 'string' },
  workbook: { type: 'string' },
  'time-zone': { type: 'string' },
  reason: { type: 'string' },
  reference: { type: 'string' },
  batch: { type: 'string' },
  editors: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Options = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function main(argv: string[], io: Io): number {
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const options = parsed.values as Options;
    const [command, ...rest] = parsed.positionals;
    if (options.help || command === 'help' || !command) {
      io.out(USAGE);
      return options.help || command === 'help' ? EXIT.done : EXIT.usage;
    }
    const missing_build = assertBuilt();
    if (missing_build) throw new CliError(missing_build, EXIT.usage);
    return dispatch(command, rest, options, withSetUpHint(io, command, options));
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`partner-ledger: ${error.message}`);
      return error.exit_code;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`partner-ledger: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/**
 * The add-on's refusals say to run "Set up this spreadsheet" from the Extensions menu, which the
 * CLI has no menu for: after the first such line, says which command does it here.
 */
function withSetUpHint(io: Io, command: string, options: Options): Io {
  let hinted = false;
  return {
    out: (line) => io.out(line),
    err: (line) => {
      io.err(line);
      if (hinted || !/Set up this spreadsheet/.test(line)) return;
      hinted = true;
      if (command === 'run') {
        io.err('  in the CLI: `run` sets up a new spreadsheet each time, shared with --user, --approver and --owner; name people in --settings (managers, finance, operators) to give them roles.');
        return;
      }
      const owner = /owner \(([^()\s]+@[^()\s]+)\)/.exec(line)?.[1] ?? 'OWNER_EMAIL';
      io.err(`  in the CLI: partner-ledger setup --workbook ${options.workbook ?? 'W'} --user ${owner}   (the owner or a manager)`);
    },
  };
}

function dispatch(command: string, rest: string[], options: Options, io: Io): number {
  switch (command) {
    case 'run':
      return runCycle(options, io);
    case 'init':
      return initWorkbook(options, io);
    case 'setup':
      return setUpAgain(options, io);
    case 'import':
      return withWorkbook(options, (session, user) => importFile(session, user, rest, io));
    case 'validate':
      return withWorkbook(options, (session, user) => validate(session, user, io));
    case 'post':
      return withWorkbook(options, (session, user, keep) => postAndReport(session, user, io, keep));
    case 'balances':
      return withWorkbook(options, (session, user) => printBalances(session, user, io));
    case 'review':
      return withWorkbook(options, (session, user) => review(session, user, rest, options, io));
    case 'explain':
      return withWorkbook(options, (session, user) => explain(session, user, rest, io));
    case 'dump':
      return dumpCommand(options, io);
    case 'batch':
      return withWorkbook(options, (session, user) => buildBatch(session, user, io));
    case 'approve':
      return withWorkbook(options, (session, user) => approve(session, user, options, io));
    case 'reject':
    case 'void':
      return withWorkbook(options, (session, user) => rejectOrVoid(command, session, user, options, io));
    case 'export': {
      const out = outDir(options);
      return withWorkbook(options, (session, user) => exportFiles(session, user, options, out, io));
    }
    case 'paid':
      return withWorkbook(options, (session, user) => markPaid(session, user, options, io));
    case 'verify':
      return withWorkbook(options, (session, user) => verify(session, user, io));
    default:
      throw new CliError(`unknown command \`${command}\`.\n\n${USAGE}`, EXIT.usage);
  }
}

// ---------- the whole cycle ----------

function runCycle(options: Options, io: Io): number {
  const partners = required(options, 'partners');
  const conversions = required(options, 'conversions');
  const user = email(options, 'user');
  const approver = options.approver === undefined ? undefined : email(options, 'approver');
  // The owner is a manager by default: it is whoever runs the cycle unless said otherwise, never
  // the approver, or any address given as --approver could approve.
  const owner = options.owner === undefined ? user : email(options, 'owner');
  const out = outDir(options);
  const as_of = asOfDate(required(options, 'as-of'));
  const time_zone = timeZoneOption(options);
  refuseInputsInOut(out, [partners, conversions, options.rules, options.fx, options.settings]);
  // Read every input before touching anything, so a structural error writes nothing.
  const files = {
    partners: readCsvFile(partners),
    conversions: readCsvFile(conversions),
    rules: options.rules ? readCsvFile(options.rules) : null,
    fx: options.fx ? readCsvFile(options.fx) : null,
    settings: options.settings ? readSettingsFile(options.settings) : null,
  };
  const session = WorkbookSession.create({ owner, time_zone });
  // The people the run names use the spreadsheet: shared with them before Set-up, as an owner
  // shares a real one, so that with operators empty they are its operators and tab editors.
  session.shareWith(approver ? [user, approver] : [user]);
  session.fixClockToDate(as_of, files.settings?.time_zone || (time_zone ?? 'Etc/UTC'));
  const kept = () => `is in the tabs written to ${out}/`;
  let code = setUp(session, owner, files.settings, io);
  for (const kind of ['partners', 'conversions', 'rules', 'fx'] as const) {
    const file = files[kind];
    // Validation below lists every row error once; the import lines only count them.
    if (code === EXIT.done && file) code = step(io, `import ${kind}`, session.run(user, 'importRows', importRequest(kind, file)), { list_errors: false });
  }
  if (code === EXIT.done) code = step(io, 'validate', session.run(user, 'validateInputs'));
  if (code === EXIT.done) code = postAndReport(session, user, io, kept);
  if (code === EXIT.done) code = buildBatch(session, user, io);
  let payout_files: PayoutFile[] = [];
  if (code === EXIT.done && approver) {
    code = approve(session, approver, options, io);
    if (code === EXIT.done) ({ code, files: payout_files } = exportPayout(session, approver, options, io));
  }
  // A structural error means nothing was taken in: leave no output that could pass for a result.
  if (code === EXIT.usage) return code;
  removeRunOutputs(out);
  writePayoutFiles(out, payout_files, io);
  const tabs = dumpWorkbook(session, out).length;
  if (code === EXIT.done) io.out(`Wrote every tab to ${out}/`);
  else if (tabs > 0) io.out(`The run stopped (see above); wrote the ${tabs} tab(s) it had to ${out}/`);
  else io.out(`The run stopped (see above) before any tab was set up; nothing written to ${out}/ (an earlier run's outputs there were removed).`);
  return code;
}

// ---------- step commands on a workbook file ----------

/** Saves the workbook now (when an action has completed) and says where it is kept. */
type Keep = () => string;

/**
 * Runs one command on an existing workbook file: takes the file's lock, reads the file, runs the
 * command, writes the file back (atomically), releases the lock.
 */
function withWorkbook(options: Options, body: (session: WorkbookSession, user: string, keep: Keep) => number): number {
  const file = required(options, 'workbook');
  const user = email(options, 'user');
  const as_of = options['as-of'] === undefined ? undefined : asOfDate(options['as-of']);
  checkWorkbookPath(file);
  // A symlink is followed: the lock and the write are the real file's, so book.json → real.json
  // cannot be locked twice under two names, and the link is not replaced by a copy.
  const real = fs.realpathSync(file);
  return underLock(real, () => {
    const session = openWorkbook(file);
    if (as_of) session.fixClockToDate(as_of, session.addonTimeZone());
    let saved_at = -1;
    const keep = () => {
      session.save(real);
      saved_at = session.calls;
      return `was saved to ${file}`;
    };
    const code = body(session, user, keep);
    if (session.calls !== saved_at) session.save(real);
    return code;
  }, file);
}

/** Creates a workbook file; a refused set-up leaves no file behind, so init can simply be rerun. */
function initWorkbook(options: Options, io: Io): number {
  const file = required(options, 'workbook');
  const user = email(options, 'user');
  const owner = options.owner === undefined ? user : email(options, 'owner');
  const as_of = options['as-of'] === undefined ? undefined : asOfDate(options['as-of']);
  const exists = () => new CliError(`${file} already exists; init creates a new workbook. Use another --workbook path.`, EXIT.usage);
  if (fs.existsSync(file)) throw exists();
  const blocker = fileInTheWay(path.dirname(path.resolve(file)));
  if (blocker !== null) throw new CliError(`--workbook ${file} cannot be created: ${blocker} is a file, not a directory. Give another path.`, EXIT.usage);
  const settings = options.settings ? readSettingsFile(options.settings) : null;
  const editors = emailList(options, 'editors');
  const time_zone = timeZoneOption(options);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return underLock(file, () => {
    if (fs.existsSync(file)) throw exists();
    const session = WorkbookSession.create({ owner, time_zone });
    session.shareWith([user, ...editors]);
    if (as_of) session.fixClockToDate(as_of, settings?.time_zone || (time_zone ?? 'Etc/UTC'));
    const code = setUp(session, user, settings, io);
    if (code === EXIT.done) session.save(file);
    return code;
  });
}

/**
 * Set-up again on an existing workbook, as Extensions → Partner Ledger → Set up this spreadsheet
 * does: re-applies Settings to the protections (someone added to Settings or shared with since)
 * and records who was added and removed. --settings writes those pairs first; --editors shares.
 */
function setUpAgain(options: Options, io: Io): number {
  const settings = options.settings ? readSettingsFile(options.settings) : null;
  const editors = emailList(options, 'editors');
  return withWorkbook(options, (session, user) => {
    session.shareWith(editors);
    return setUp(session, user, settings, io);
  });
}

function underLock(file: string, body: () => number, shown = file): number {
  const lock = lockWorkbookFile(file);
  if (!lock.ok) throw new CliError(busyMessage(shown, lock, orphanedTempFiles(file)), EXIT.refused);
  // Holding the lock: temporary files of a save that was killed are no one's any more.
  removeOrphanedTempFiles(file);
  try {
    return body();
  } finally {
    lock.release();
  }
}

function busyMessage(file: string, lock: Extract<WorkbookLock, { ok: false }>, temps: string[]): string {
  const who = lock.owner ? `pid ${lock.owner.pid} on ${lock.owner.host}, since ${lock.owner.since}` : 'owner unknown';
  if (lock.stale) {
    const leftovers = temps.length === 0 ? '' : ` It also left ${temps.length} unfinished save(s), removed by the next command: ${temps.join(', ')}.`;
    return `${lock.lock_file} says a partner-ledger command is using ${file} (${who}), but that process is no longer running (it may have crashed). ` +
      `Nothing was changed; ${file} itself is whole (it is written in one step).${leftovers} If no partner-ledger command is using it, remove the lock with \`rm '${lock.lock_file}'\` and try again.`;
  }
  return `another partner-ledger command is using ${file} (${who}); nothing was changed; try again when it finishes. ` +
    `(If you are sure none is running, remove ${lock.lock_file}.)`;
}

function checkWorkbookPath(file: string): void {
  if (!fs.existsSync(file)) throw new CliError(`${file} does not exist: create it with \`partner-ledger init --workbook ${file} --user EMAIL\`.`, EXIT.usage);
  if (!fs.statSync(file).isFile()) throw new CliError(`--workbook ${file} is not a file: give the path of the .json file \`partner-ledger init\` created.`, EXIT.usage);
}

function openWorkbook(file: string): WorkbookSession {
  try {
    return WorkbookSession.open(file);
  } catch (error) {
    if (error instanceof WorkbookFileError) {
      throw new CliError(`${error.message} Give the path of a workbook file \`partner-ledger init\` created (or restore it from a copy).`, EXIT.usage);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${file} cannot be read (${code}): check its permissions.`, EXIT.usage);
    throw error;
  }
}

/** Set-up with the settings file's pairs; the file's own errors are named by its line numbers. */
function setUp(session: WorkbookSession, user: string, settings: SettingsFile | null, io: Io): number {
  if (settings && settings.errors.length > 0) {
    io.err(`set up: refused (BAD_SETTINGS): ${settings.file} has ${settings.errors.length} problem(s); nothing was set up. Fix them and run again.`);
    for (const e of settings.errors) io.err(`  ${settings.file} line ${e.row}, ${e.column}: ${e.message} (${e.value})`);
    return EXIT.refused;
  }
  return step(io, 'set up', session.run(user, 'setUpWorkbook', { settings: settings?.pairs ?? [] }));
}

const IMPORT_KINDS = ['partners', 'conversions', 'rules', 'fx'] as const;
type ImportKind = (typeof IMPORT_KINDS)[number];

function importFile(session: WorkbookSession, user: string, rest: string[], io: Io): number {
  const [kind, file] = rest;
  if (!IMPORT_KINDS.includes(kind as ImportKind) || !file) {
    throw new CliError(`usage: partner-ledger import ${IMPORT_KINDS.join('|')} FILE --workbook W --user EMAIL`, EXIT.usage);
  }
  return step(io, `import ${kind}`, session.run(user, 'importRows', importRequest(kind as ImportKind, readCsvFile(file))));
}

function validate(session: WorkbookSession, user: string, io: Io): number {
  return step(io, 'validate', session.run(user, 'validateInputs'));
}

function postAndReport(session: WorkbookSession, user: string, io: Io, keep: Keep): number {
  // Row errors were listed by validate; post adds only its own exceptions (unattributed, conflicts).
  const result = session.run<{ ok: boolean; exceptions?: Array<{ code: string }> } & StepResult>(user, 'postCommissions');
  const own = result.ok ? { ...result, errors: (result.errors ?? result.exceptions ?? []).filter((e) => isPostingCode(e as { code?: string })) } : result;
  const code = step(io, 'post', own);
  if (code !== EXIT.done) return code;
  // The posted entries are kept before anything is shown: a display that fails must not make
  // the next post post them again.
  const kept = keep();
  try {
    return printBalances(session, user, io);
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).split('\n')[0];
    io.err(`post: the post itself completed and ${kept}, but showing the balances failed: ${reason}`);
    return EXIT.refused;
  }
}

function isPostingCode(e: { code?: string }): boolean {
  return ['UNATTRIBUTED', 'CONFLICT', 'FX_MISSING', 'FX_CONFLICT', 'REFUND_EXCEEDS_SALE', 'REFUND_UNKNOWN_ORDER', 'REVIEW_INVALID'].includes(String(e.code));
}

interface BalancesResult {
  ok: boolean;
  code?: string;
  message?: string;
  as_of?: string;
  partners?: Array<{ partner_id: string; name: string; currency: string; pending: string; eligible: string; held: string; payable: string; paid_out: string; entry_count: number }>;
}

/** The per-partner table ops look at after posting: what is pending, eligible and held. */
function printBalances(session: WorkbookSession, user: string, io: Io): number {
  const result = session.run<BalancesResult>(user, 'getPartnerBalances');
  if (!result.ok || !result.partners) return step(io, 'balances', result);
  const header = ['partner', 'name', 'pending', 'eligible', 'held', 'payable', 'entries'];
  const rows = result.partners.map((p) => [p.partner_id, p.name, p.pending, p.eligible, p.held, p.payable, String(p.entry_count)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const currency = result.partners[0]?.currency ?? '';
  io.out(`\nBalances as of ${result.as_of}${currency ? ` (${currency})` : ''}:`);
  io.out(line(header));
  for (const r of rows) io.out(line(r));
  return EXIT.done;
}

function review(session: WorkbookSession, user: string, rest: string[], options: Options, io: Io): number {
  const [decision, ...entry_ids] = rest;
  if ((decision !== 'clear' && decision !== 'reject') || entry_ids.length === 0) {
    throw new CliError('usage: partner-ledger review clear|reject ENTRY_ID... [--reason TEXT] --workbook W --user MANAGER', EXIT.usage);
  }
  return step(io, `review ${decision}`, session.run(user, 'reviewEntries', { entry_ids, decision, reason: options.reason ?? '' }));
}

/** The sidebar's "why is this partner not being paid?", one fact a line. */
function explain(session: WorkbookSession, user: string, rest: string[], io: Io): number {
  const query = rest.join(' ').trim();
  if (query === '') throw new CliError('usage: partner-ledger explain PARTNER_ID|CODE|EMAIL|NAME --workbook W --user EMAIL', EXIT.usage);
  const result = session.run<StepResult & { explanation?: { partner_id: string; name: string; lines: string[] } }>(user, 'explainPartnerPayment', query);
  if (!result.ok || !result.explanation) return step(io, 'explain', result);
  const { partner_id, name, lines } = result.explanation;
  io.out(`${name ? `${name} (${partner_id})` : partner_id}:`);
  for (const line of lines) io.out(`  - ${line}`);
  return EXIT.done;
}

// ---------- batches ----------

interface BatchView {
  batch_id: string;
  state: string;
  content_hash: string;
  created_by: string;
  totals: Array<{ currency: string; amount: string; line_count: number }>;
  lines: Array<{ partner_id: string; name: string; amount: string; currency: string; payout_method: string }>;
}

function buildBatch(session: WorkbookSession, user: string, io: Io): number {
  const result = session.run<StepResult & { batch?: BatchView; skipped?: Array<{ partner_id: string; name: string; reason: string; message: string }> }>(user, 'buildPayoutBatch');
  const code = step(io, 'build batch', result);
  if (code !== EXIT.done) return code;
  for (const line of result.batch?.lines ?? []) io.out(`  pay ${line.partner_id} ${line.name}: ${line.amount} ${line.currency} by ${line.payout_method}`);
  for (const skip of result.skipped ?? []) io.out(`  skip ${skip.partner_id} ${skip.name}: ${skip.reason} (${skip.message})`);
  return code;
}

/** The batch a manager acts on: --batch, or the one open batch (draft or approved). */
function currentBatch(session: WorkbookSession, user: string, options: Options, states: readonly string[]): BatchView {
  const listed = session.run<StepResult & { batches?: BatchView[] }>(user, 'getBatches');
  if (!listed.ok) throw new CliError(`cannot read the batches: ${listed.message}`, EXIT.refused);
  const batches = listed.batches ?? [];
  const chosen = options.batch ? batches.find((b) => b.batch_id === options.batch) : [...batches].reverse().find((b) => states.includes(b.state));
  if (!chosen) throw new CliError(options.batch ? `there is no batch ${options.batch}.` : `there is no batch in state ${states.join(' or ')}.`, EXIT.refused);
  return chosen;
}

function approve(session: WorkbookSession, user: string, options: Options, io: Io): number {
  const batch = currentBatch(session, user, options, ['draft']);
  // The CLI shows what is approved, and sends back the hash of exactly that (as the sidebar does).
  const totals = batch.totals.map((t) => `${t.amount} ${t.currency} (${t.line_count} partners)`).join(', ');
  io.out(`approving ${batch.batch_id} built by ${batch.created_by}: ${totals}; hash ${batch.content_hash.slice(0, 12)}…`);
  return step(io, 'approve', session.run(user, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
}

function rejectOrVoid(command: 'reject' | 'void', session: WorkbookSession, user: string, options: Options, io: Io): number {
  const batch = currentBatch(session, user, options, command === 'reject' ? ['draft'] : ['approved']);
  const fn = command === 'reject' ? 'rejectPayoutBatch' : 'voidPayoutBatch';
  return step(io, command, session.run(user, fn, batch.batch_id, options.reason ?? ''));
}

interface PayoutFile {
  name: string;
  csv: string;
  row_count: number;
  sum: string;
  currency: string;
}

function exportPayout(session: WorkbookSession, user: string, options: Options, io: Io): { code: number; batch_id: string; files: PayoutFile[] } {
  const batch = currentBatch(session, user, options, ['approved', 'paid']);
  const result = session.run<StepResult & { files?: PayoutFile[] }>(user, 'exportPayoutFile', batch.batch_id);
  const code = step(io, 'export', result);
  return { code, batch_id: batch.batch_id, files: code === EXIT.done ? result.files ?? [] : [] };
}

function exportFiles(session: WorkbookSession, user: string, options: Options, out: string, io: Io): number {
  const { code, batch_id, files } = exportPayout(session, user, options, io);
  // An earlier export of this batch (payable then, ALREADY-PAID now, or split otherwise) must not
  // sit beside this one: someone could upload it and pay twice.
  if (files.length > 0) removeEarlierPayoutFiles(out, batch_id, new Set(files.map((f) => f.name)), io);
  writePayoutFiles(out, files, io);
  return code;
}

/** Removes DIR's payout files named for `batch_id` (not other batches') that this export does not rewrite. */
function removeEarlierPayoutFiles(out: string, batch_id: string, rewritten: Set<string>, io: Io): void {
  if (!fs.existsSync(out)) return;
  const safe = batch_id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/[.]/g, '\\.');
  const of_batch = new RegExp(`^(ALREADY-PAID-)?payout-${safe}(-[A-Z]{3}(-\\d+)?)?\\.csv$`);
  for (const entry of fs.readdirSync(out, { withFileTypes: true })) {
    if (!entry.isFile() || !of_batch.test(entry.name) || rewritten.has(entry.name)) continue;
    fs.rmSync(path.join(out, entry.name));
    io.out(`  removed ${path.join(out, entry.name)}: an earlier export of ${batch_id}, replaced by the files below`);
  }
}

function writePayoutFiles(out: string, files: PayoutFile[], io: Io): void {
  if (files.length > 0) fs.mkdirSync(out, { recursive: true });
  for (const file of files) {
    fs.writeFileSync(path.join(out, file.name), file.csv);
    io.out(`  ${path.join(out, file.name)}: control total ${file.row_count} rows, ${file.sum} ${file.currency}`);
  }
}

function markPaid(session: WorkbookSession, user: string, options: Options, io: Io): number {
  const batch = currentBatch(session, user, options, ['approved']);
  return step(io, 'mark paid', session.run(user, 'markPayoutBatchPaid', batch.batch_id, options.reference ?? ''));
}

function verify(session: WorkbookSession, user: string, io: Io): number {
  const result = session.run<StepResult & { verified?: boolean; problems?: Array<{ tab: string; row: number; kind: string; message: string }> }>(user, 'verifyWorkbook');
  const code = step(io, 'verify', result);
  for (const p of result.problems ?? []) io.err(`  ${p.tab}!${p.row} (${p.kind}): ${p.message}`);
  return code === EXIT.done && result.verified === false ? EXIT.refused : code;
}

function dumpCommand(options: Options, io: Io): number {
  const file = required(options, 'workbook');
  const out = outDir(options);
  checkWorkbookPath(file);
  // No lock: the file is replaced in one rename, so a reader sees the old or the new one whole.
  const tabs = dumpWorkbook(openWorkbook(file), out).length;
  io.out(tabs > 0 ? `Wrote every tab to ${out}/` : `${file} has no tab with anything in it; nothing written to ${out}/`);
  return EXIT.done;
}

// ---------- helpers ----------

interface CsvFile {
  file: string;
  headers: string[];
  rows: string[][];
  line_of_row: number[];
}

function readCsvFile(file: string): CsvFile {
  const parsed = parseCsv(readInputFile(file), path.basename(file));
  if (!parsed.ok) throw new CliError(describeStructural(file, parsed.error), EXIT.usage);
  return { file: path.basename(file), headers: parsed.headers, rows: parsed.rows, line_of_row: parsed.line_of_row };
}

function readInputFile(file: string): Uint8Array {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file.`, EXIT.usage);
  if (!fs.statSync(file).isFile()) throw new CliError(`${file} is not a file: give the path of a CSV file.`, EXIT.usage);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    throw new CliError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): check its permissions.`, EXIT.usage);
  }
}

function describeStructural(file: string, error: StructuralError): string {
  const listed = /headers found/i.test(error.message);
  const found = !listed && error.headers_found.length > 0 ? ` Headers found: ${error.headers_found.join(', ')}.` : '';
  return `${file}: ${error.message}${found} Nothing was imported.`;
}

function importRequest(kind: ImportKind, csv: CsvFile): Record<string, unknown> {
  return { kind, file: csv.file, headers: csv.headers, rows: csv.rows, line_of_row: csv.line_of_row };
}

interface SettingsFile {
  file: string;
  pairs: Array<[string, string]>;
  /** Problems with the file's own rows, `row` being the file's line. */
  errors: RowError[];
  /** The file's time_zone ('' when it does not set one). */
  time_zone: string;
}

/**
 * A settings CSV is `key,value` rows (a header row `key,value` is optional). It is checked here,
 * where its line numbers are known, before set-up writes it into a Settings tab.
 */
function readSettingsFile(file: string): SettingsFile {
  const csv = readCsvFile(file);
  const header_line = (csv.line_of_row[0] ?? 2) - 1;
  const lines = [header_line, ...csv.line_of_row];
  const rows = [csv.headers, ...csv.rows].map((r, i): [number, string, string] => [lines[i] ?? i + 1, String(r[0] ?? '').trim(), String(r[1] ?? '').trim()]);
  const settings = rows.filter(([, key]) => key !== '' && key.toLowerCase() !== 'key');
  // Rows placed at their file line (the rest blank), so every error and cross-reference names a line.
  const by_line: string[][] = [];
  for (const [line, key, value] of settings) by_line[line - 1] = [key, value];
  const table = Array.from(by_line, (r) => r ?? ['', '']);
  const checked = validateSettings({ tab: csv.file, headers: ['key', 'value'], rows: table, first_row: 1 });
  const errors = checked.ok ? checked.errors : [{ tab: csv.file, row: 1, column: 'key', code: 'BAD_SETTINGS', message: checked.error.message, value: '' }];
  const time_zone = settings.find(([, key]) => headerKey(key) === headerKey('time_zone'))?.[2] ?? '';
  return { file: csv.file, pairs: settings.map(([, key, value]) => [key, value]), errors, time_zone };
}

interface StepResult {
  ok: boolean;
  code?: string;
  message?: string;
  summary?: string;
  errors?: Array<{ tab: string; row: number; column: string; message: string; value: string }>;
}

/** Prints one action's outcome and turns it into an exit code. */
function step(io: Io, label: string, result: unknown, how: { list_errors: boolean } = { list_errors: true }): number {
  const r = result as StepResult;
  if (!r.ok) {
    io.err(`${label}: refused (${r.code}): ${r.message}`);
    for (const e of r.errors ?? []) io.err(`  ${e.tab}!${e.row}, ${e.column}: ${e.message} (${e.value})`);
    return r.code === 'STRUCTURAL' ? EXIT.usage : EXIT.refused;
  }
  io.out(`${label}: ${r.summary ?? 'done'}`);
  if (how.list_errors) for (const e of r.errors ?? []) io.err(`  ${e.tab}!${e.row}, ${e.column}: ${e.message} (${e.value})`);
  return EXIT.done;
}

function required(options: Options, name: keyof Options): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`--${name} is required.\n\n${USAGE}`, EXIT.usage);
  return value;
}

/** A person's email: the add-on refuses actions by no one, so a blank or partial one stops here. */
function email(options: Options, name: 'user' | 'approver' | 'owner'): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CliError(`--${name} is required: the email address of the person acting, like name@example.com (got "${value ?? ''}").`, EXIT.usage);
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(value.trim())) throw new CliError(`--${name} must be an email address like name@example.com (got "${value}").`, EXIT.usage);
  return value.trim();
}

/**
 * `run` clears and rewrites its outputs in --out: an input file there with an output's name
 * (Partners.csv, payout-….csv) would be silently replaced, so the run is refused up front.
 */
function refuseInputsInOut(out: string, inputs: Array<string | undefined>): void {
  if (!fs.existsSync(out)) return;
  const real_out = fs.realpathSync.native(out);
  const ignore_case = caseInsensitive(real_out);
  const same = (a: string, b: string) => (ignore_case ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (const input of inputs) {
    if (input === undefined || !fs.existsSync(input)) continue;
    const real = fs.realpathSync.native(input);
    if (same(path.dirname(real), real_out) && runMayReplace(path.basename(real), ignore_case)) {
      throw new CliError(`${input} is in --out ${out}, where run writes ${path.basename(real)} (every tab and payout file): ` +
        'move the input or give another --out. Nothing was run.', EXIT.usage);
    }
  }
}

/** Whether the filesystem holding `real_dir` finds a name in either case (macOS, Windows). */
function caseInsensitive(real_dir: string): boolean {
  const swapped = real_dir.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  return swapped !== real_dir && fs.existsSync(swapped);
}

/** A comma-separated list of email addresses (--editors a@x.example,b@x.example). */
function emailList(options: Options, name: 'editors'): string[] {
  const value = options[name];
  if (value === undefined) return [];
  const emails = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const bad = emails.find((e) => !/^[^@\s]+@[^@\s]+$/.test(e));
  if (emails.length === 0 || bad !== undefined) {
    throw new CliError(`--${name} must be email addresses separated by commas, like a@example.com,b@example.com (got "${value}").`, EXIT.usage);
  }
  return emails;
}

/** --out names a directory (created when missing); checked before anything runs or is written. */
function outDir(options: Options): string {
  const out = required(options, 'out');
  const blocker = fileInTheWay(out);
  if (blocker !== null) {
    const what = blocker === path.resolve(out) ? `${out} is a file` : `${blocker} (part of ${out}) is a file`;
    throw new CliError(`--out must be a directory, but ${what}: give another path. Nothing was run.`, EXIT.usage);
  }
  return out;
}

/** The file, if any, that stands where `dir` or one of its parents should be a directory. */
function fileInTheWay(dir: string): string | null {
  let probe = path.resolve(dir);
  while (!fs.existsSync(probe)) probe = path.dirname(probe);
  return fs.statSync(probe).isDirectory() ? null : probe;
}

/** --time-zone: an IANA zone the platform knows (Mars/Olympus would silently become UTC). */
function timeZoneOption(options: Options): string | undefined {
  const zone = options['time-zone'];
  if (zone === undefined) return undefined;
  try {
    if (zone.trim() === '') throw new RangeError('empty');
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new CliError(`--time-zone must be an IANA time zone like Europe/Berlin or America/New_York (got "${zone}"). Nothing was run.`, EXIT.usage);
  }
  return zone;
}

/** The as-of date: a real calendar date YYYY-MM-DD (2026-02-30 is refused, not rolled over). */
function asOfDate(as_of: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(as_of);
  if (!match) throw new CliError(`--as-of must be a date written YYYY-MM-DD, like 2026-05-31 (got "${as_of}").`, EXIT.usage);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new CliError(`--as-of ${as_of} is not a date in the calendar (YYYY-MM-DD, month 01-12, a day the month has). Nothing was run.`, EXIT.usage);
  }
  return as_of;
}

if (require.main === module) {
  const code = main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
  process.exitCode = code;
}

// An in-memory emulator of the Apps Script services Partner Ledger uses, faithful where it matters
// to the add-on: Sheets' value conversions, protection, the document lock, property limits, mail
// quota, auth modes and Apps Script's own error messages. Node only; never bundled.
//
// Users and the lock. The active user is emulator-wide (setActiveUser) and applies to every
// bundle context that has no user of its own; loadBundle(emulator, dir, { user }) pins a user to a
// context instead. Each context is its own "process" for LockService: a lock taken during a call
// into context A is held by A until released or until that call ends, so "alice holds the lock
// inside an action while bob tries" is written as two contexts (one pinned to alice, one to bob)
// and an onMutatingCall hook that, at alice's k-th write, calls bob's action. holdDocumentLock()
// simulates a holder outside any context.
import * as fs from 'fs';
import { Env, HOST_REALM } from './env';
import { makeGlobals, type GlobalName } from './globals';
import { EmulatorState, type ServiceTime } from './state';
export type { ServiceTime } from './state';
import type {
  AlertRecord, AuthModeName, ButtonName, Cell, LogRecord, MenuRecord, Realm, SentMail, ServiceStats, TriggerRecord,
} from './types';
import { applyWorkbookFile, parseWorkbookFile, toWorkbookFile } from './workbook-file';
import { WorkbookView } from './workbook-view';
import { totalCells } from './workbook';

export type {
  AlertRecord, AuthModeName, ButtonName, Cell, LogRecord, MenuRecord, Realm, SentMail, ServiceStats, TriggerRecord,
};
export type { MenuEntry } from './types';
export type { ProtectionInfo, SheetInfo } from './workbook-view';
export { WorkbookView };
export { FORMULA_PLACEHOLDER } from './workbook';

/** The globals typed with @types/google-apps-script, for host-side tests and tools. The emulator
 * implements the subset Partner Ledger uses; calling anything else fails as a missing method. */
export interface AppsScriptGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  Session: GoogleAppsScript.Base.Session;
  LockService: GoogleAppsScript.Lock.LockService;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  MailApp: GoogleAppsScript.Mail.MailApp;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  Logger: GoogleAppsScript.Base.Logger;
  console: Pick<Console, 'log' | 'info' | 'warn' | 'error'>;
}

export interface EmulatorOptions {
  /** The spreadsheet owner's email. */
  owner: string;
  /** The spreadsheet's (and script's) time zone; default 'Etc/UTC'. */
  timeZone?: string;
  /** Clock in epoch ms for the bundle's Date; default Date.now. */
  now?: () => number;
  /** name (without .html) -> content, for HtmlService.createHtmlOutputFromFile. */
  htmlFiles?: Record<string, string>;
  /** MailApp daily quota in recipients; default 100 (a consumer account). */
  mailQuota?: number;
  /** Print Logger/console output to stderr as well as recording it; default false. */
  echoLogs?: boolean;
}

/** Read access to what the script showed, plus scripted answers for alerts and prompts. */
export class UiView {
  constructor(private readonly state: EmulatorState) {}
  get menus(): MenuRecord[] { return this.state.ui.menus; }
  get sidebars(): Array<{ title: string; html: string }> { return this.state.ui.sidebars; }
  get dialogs(): Array<{ title: string; html: string; modal: boolean }> { return this.state.ui.dialogs; }
  /** The prompt text of every alert shown, in order. */
  get alerts(): string[] { return this.state.ui.alerts.map((a) => a.prompt); }
  get alertRecords(): AlertRecord[] { return this.state.ui.alerts; }
  get prompts(): Array<{ title: string; prompt: string; response: ButtonName; text: string }> { return this.state.ui.prompts; }
  get toasts(): Array<{ message: string; title: string }> { return this.state.ui.toasts; }
  /** The next alert returns `button` (when the alert's button set has it). */
  queueAlertResponse(button: ButtonName): void { this.state.ui.alertResponses.push(button); }
  queuePromptResponse(button: ButtonName, text: string): void { this.state.ui.promptResponses.push({ button, text }); }
}

export class AppsScriptEmulator {
  /** @internal shared with load-bundle. */
  readonly state: EmulatorState;
  readonly workbook: WorkbookView;
  readonly ui: UiView;
  private readonly hostEnv: Env;
  private hostGlobals: Record<GlobalName, unknown> | null = null;
  private nextContextId = 1;

  constructor(opts: EmulatorOptions) {
    if (!opts || !/^[^@\s]+@[^@\s]+$/.test(opts.owner ?? '')) {
      throw new Error(`The emulator needs the owner's email (got "${String(opts?.owner)}").`);
    }
    const clock = opts.now ?? Date.now;
    this.state = new EmulatorState(opts.owner, opts.timeZone ?? 'Etc/UTC', clock, opts.htmlFiles ?? {}, opts.mailQuota ?? 100);
    this.state.echoLogs = opts.echoLogs ?? false;
    this.workbook = new WorkbookView(this.state);
    this.ui = new UiView(this.state);
    this.hostEnv = new Env(this.state, HOST_REALM, 'host');
  }

  get owner(): string { return this.state.spreadsheet.owner; }
  get activeUser(): string { return this.state.activeUser; }

  /** '' = Session.getActiveUser().getEmail() returns '' (identity withheld). */
  setActiveUser(email: string): void {
    this.state.activeUser = String(email).trim().toLowerCase();
  }

  /** null (default) = the effective user is the active user. */
  setEffectiveUser(email: string | null): void {
    this.state.effectiveUser = email === null ? null : email.trim().toLowerCase();
  }

  /** NONE: only Ui menu building (and HtmlService/Utilities) work; everything else throws as in
   * an add-on's onOpen before authorization. LIMITED: no mail and no triggers. */
  setAuthMode(mode: AuthModeName): void {
    this.state.authMode = mode;
  }

  get authMode(): AuthModeName { return this.state.authMode; }

  get stats(): ServiceStats { return this.state.stats; }

  resetStats(): void { this.state.stats.reset(); }

  /** The k-th mutating call from now on (k >= 1) throws 'Injected fault ...' before changing
   * anything, and ends the execution it happens in; null turns it off. */
  injectFaultAfter(k: number | null): void {
    if (k !== null && !(Number.isInteger(k) && k >= 1)) throw new Error(`injectFaultAfter needs an integer >= 1 or null (got ${k})`);
    this.state.faultCountdown = k;
  }

  /** Called before each mutating call with its running number and name ('Range.setValues'). Calls
   * made from inside the hook do not re-enter it. */
  onMutatingCall(hook: ((n: number, what: string) => void) | null): void {
    this.state.mutationHook = hook;
  }

  /** The Apps Script globals, bound to the host realm and the emulator-wide active user:
   * SpreadsheetApp, Session, LockService, PropertiesService, HtmlService, Utilities, MailApp,
   * ScriptApp, Logger, console. Locks taken through them stay held until released. */
  globals(): Record<string, unknown> {
    this.hostGlobals ??= makeGlobals(this.hostEnv);
    return { ...this.hostGlobals };
  }

  /** globals() typed as Apps Script's own interfaces. */
  typedGlobals(): AppsScriptGlobals {
    return this.globals() as unknown as AppsScriptGlobals;
  }

  /** @internal an Env for a new bundle context. */
  createEnv(realm: Realm, user: string | null): Env {
    return new Env(this.state, realm, `context-${this.nextContextId++}`, user === null ? null : user.toLowerCase());
  }

  get sentMail(): readonly SentMail[] { return this.state.sentMail; }
  get logs(): readonly LogRecord[] { return this.state.logs; }
  get triggers(): readonly TriggerRecord[] { return this.state.triggers; }
  get documentProperties(): Map<string, string> { return this.state.documentProperties; }
  get scriptProperties(): Map<string, string> { return this.state.scriptProperties; }
  userProperties(email: string): Map<string, string> { return this.state.userStore(email.toLowerCase()); }

  /** Makes `holder` (any label) hold the document lock, as another running execution would. */
  holdDocumentLock(holder: string): void {
    const current = this.state.documentLock.holder;
    const id = `helper:${holder}`;
    if (current !== null && current !== id) throw new Error(`The document lock is already held by ${current}.`);
    this.state.documentLock.holder = id;
  }

  releaseDocumentLock(): void {
    this.state.documentLock.holder = null;
  }

  /** Who holds the document lock: 'context-N', 'host', 'helper:<label>' or null. */
  documentLockHolder(): string | null {
    return this.state.documentLock.holder;
  }

  /** The emulated clock (the bundle's Date.now()). */
  now(): number { return this.state.now(); }

  /** Moves the emulated clock forward. */
  advanceClock(ms: number): void { this.state.clockOffset_ms += ms; }

  /** Makes every service call take `ms_per_call` and every cell read or written `ms_per_cell`
   * of emulated time (the bundle's Date.now() moves; nothing sleeps); null = free, the default. */
  simulateServiceTime(cost: ServiceTime | null): void {
    if (cost !== null && !(cost.ms_per_call >= 0 && cost.ms_per_cell >= 0)) throw new Error('simulateServiceTime needs non-negative costs');
    this.state.serviceTime = cost === null ? null : { ...cost };
  }

  /** Cells in the workbook (every tab's rows × columns), what Sheets' 10M-cell limit counts. */
  workbookCells(): number { return totalCells(this.state.spreadsheet); }

  /** For benchmarks only: lets the workbook grow past Sheets' 10,000,000-cell limit, to measure
   * the code at sizes no real spreadsheet can hold. Off by default; tests never lift it. */
  liftCellLimit(lifted: boolean): void { this.state.cellLimitLifted = lifted; }

  /** Kills an execution once it has run `ms` of emulated time, at its next service call, with
   * Apps Script's "Exceeded maximum execution time" (Apps Script's limit is 6 minutes); null = off. */
  setExecutionLimit(ms: number | null): void {
    if (ms !== null && !(ms > 0)) throw new Error(`setExecutionLimit needs a positive number of ms or null (got ${ms})`);
    this.state.executionLimit_ms = ms;
  }

  save(path: string): void {
    fs.writeFileSync(path, `${JSON.stringify(toWorkbookFile(this.state), null, 1)}\n`);
  }

  static load(path: string, opts: Partial<EmulatorOptions> = {}): AppsScriptEmulator {
    const file = parseWorkbookFile(fs.readFileSync(path, 'utf8'), path);
    const emulator = new AppsScriptEmulator({
      ...opts,
      owner: opts.owner ?? file.spreadsheet.owner,
      timeZone: file.spreadsheet.timeZone,
    });
    applyWorkbookFile(emulator.state, file);
    if (opts.owner !== undefined) emulator.state.spreadsheet.owner = opts.owner.toLowerCase();
    if (opts.timeZone !== undefined) emulator.state.spreadsheet.timeZone = opts.timeZone;
    return emulator;
  }
}

export { loadBundle } from './load-bundle';
export type { BundleContext, LoadBundleOptions } from './load-bundle';

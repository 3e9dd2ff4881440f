// Everything the emulated Apps Script project shares between executions: the spreadsheet, the
// property stores, the locks, triggers, mail, UI records, logs and stats. Bundle contexts and the
// host-side globals() all read and change this one object.
import { StatsRecorder } from './stats';
import type {
  AlertRecord, AuthModeName, ButtonName, LogRecord, MenuRecord, SentMail, TriggerRecord,
} from './types';
import { newSpreadsheetState, SpreadsheetState } from './workbook';

export interface UiState {
  menus: MenuRecord[];
  sidebars: Array<{ title: string; html: string }>;
  dialogs: Array<{ title: string; html: string; modal: boolean }>;
  alerts: AlertRecord[];
  prompts: Array<{ title: string; prompt: string; response: ButtonName; text: string }>;
  toasts: Array<{ message: string; title: string }>;
  alertResponses: ButtonName[];
  promptResponses: Array<{ button: ButtonName; text: string }>;
}

export interface LockState {
  /** The holder's id: a bundle context id, 'host', or 'helper:<name>'; null when free. */
  holder: string | null;
}

/** Simulated cost of the services: time passes on the emulated clock, nothing sleeps. */
export interface ServiceTime {
  ms_per_call: number;
  ms_per_cell: number;
}

export class EmulatorState {
  spreadsheet: SpreadsheetState;
  activeUser: string;
  /** null = the effective user is the active user. */
  effectiveUser: string | null = null;
  authMode: AuthModeName = 'FULL';
  readonly documentProperties = new Map<string, string>();
  readonly scriptProperties = new Map<string, string>();
  readonly userProperties = new Map<string, Map<string, string>>();
  readonly documentLock: LockState = { holder: null };
  readonly scriptLock: LockState = { holder: null };
  readonly userLocks = new Map<string, LockState>();
  triggers: TriggerRecord[] = [];
  nextTriggerId = 1;
  readonly sentMail: SentMail[] = [];
  mailQuota: number;
  mailUsed = 0;
  readonly ui: UiState = {
    menus: [], sidebars: [], dialogs: [], alerts: [], prompts: [], toasts: [], alertResponses: [],
    promptResponses: [],
  };
  readonly logs: LogRecord[] = [];
  echoLogs = false;
  readonly stats = new StatsRecorder();
  /** Added to the clock by Utilities.sleep and failed lock waits: time passes without blocking. */
  clockOffset_ms = 0;
  /** Simulated time each service call and each cell read or written takes (null = none). */
  serviceTime: ServiceTime | null = null;
  /** Apps Script's execution time limit, enforced on the emulated clock (null = none). */
  executionLimit_ms: number | null = null;
  /** Benchmarks only: lets a workbook grow past Sheets' 10M cells to measure the code at sizes
   * a real spreadsheet cannot hold. */
  cellLimitLifted = false;
  faultCountdown: number | null = null;
  mutationHook: ((n: number, what: string) => void) | null = null;
  inHook = false;
  htmlFiles: Record<string, string>;
  readonly scriptId = 'emulated-script-id';

  constructor(
    owner: string,
    timeZone: string,
    private readonly clock: () => number,
    htmlFiles: Record<string, string>,
    mailQuota: number,
  ) {
    this.spreadsheet = newSpreadsheetState(owner, timeZone);
    this.activeUser = owner.toLowerCase();
    this.htmlFiles = htmlFiles;
    this.mailQuota = mailQuota;
  }

  now(): number {
    return this.clock() + this.clockOffset_ms;
  }

  userStore(email: string): Map<string, string> {
    let store = this.userProperties.get(email);
    if (!store) { store = new Map(); this.userProperties.set(email, store); }
    return store;
  }

  userLock(email: string): LockState {
    let lock = this.userLocks.get(email);
    if (!lock) { lock = { holder: null }; this.userLocks.set(email, lock); }
    return lock;
  }

  /** Apps Script releases every lock an execution holds when the execution ends. */
  releaseLocksOf(holder: string): void {
    for (const lock of [this.documentLock, this.scriptLock, ...this.userLocks.values()]) {
      if (lock.holder === holder) lock.holder = null;
    }
  }

  log(level: LogRecord['level'], message: string): void {
    this.logs.push({ level, message });
    if (this.echoLogs) process.stderr.write(`[${level}] ${message}\n`);
  }
}

// One execution environment: the realm values are created in, the user it acts as, and the
// bookkeeping every service call goes through (counting, auth mode, fault injection, the
// interleaving hook). The host's globals() and each loaded bundle have their own Env.
import type { EmulatorState } from './state';
import type { AuthModeName, Realm } from './types';

const AUTH_RANK: Record<AuthModeName, number> = { NONE: 0, LIMITED: 1, FULL: 2 };

export const HOST_REALM: Realm = { Date, Array, Object, Error, JSON };

export class Env {
  /** Depth of calls into this context in progress; > 0 while an execution runs. */
  depth = 0;
  /** Set when an injected fault killed the running execution: every later service call fails. */
  killedBy: string | null = null;
  /** Emulated time the running execution started (set when depth goes from 0 to 1). */
  executionStart_ms = 0;

  constructor(
    readonly state: EmulatorState,
    readonly realm: Realm,
    /** Lock holder id of this context. */
    readonly id: string,
    /** A user pinned to this context; null = the emulator-wide active user. */
    public pinnedUser: string | null = null,
  ) {}

  /** The active user's email, lower-cased; '' when Apps Script would not reveal it. */
  user(): string {
    return (this.pinnedUser ?? this.state.activeUser).toLowerCase();
  }

  effectiveUser(): string {
    return (this.state.effectiveUser ?? this.user()).toLowerCase();
  }

  /** Counts a service call; refuses it when an injected fault already ended this execution. */
  count(name: string): void {
    if (this.killedBy !== null) this.fail(this.killedBy);
    this.state.stats.count(name);
    this.spend(this.state.serviceTime?.ms_per_call ?? 0);
  }

  /** Simulated service time passes; past the execution limit the execution is killed, as Apps
   * Script kills a script at 6 minutes: this call and every later one fail. */
  private spend(ms: number): void {
    const state = this.state;
    if (ms > 0) state.clockOffset_ms += ms;
    if (state.executionLimit_ms === null || this.depth === 0) return;
    if (state.now() - this.executionStart_ms > state.executionLimit_ms) {
      this.killedBy = 'Exceeded maximum execution time';
      this.fail(this.killedBy);
    }
  }

  /** Counts a call and refuses it under an auth mode below `minimum`, as Apps Script does for
   * add-ons opened in AuthMode.NONE (only menu building is allowed there). */
  call(name: string, minimum: AuthModeName = 'LIMITED'): void {
    this.count(name);
    if (AUTH_RANK[this.state.authMode] < AUTH_RANK[minimum]) {
      this.fail(`You do not have permission to call ${name}. Required permissions: ${scopeOf(name)}`);
    }
  }

  /** Marks a call as mutating: runs the interleaving hook, then the injected fault if it is due.
   * Call it after argument checks and before changing anything. */
  mutate(what: string): void {
    const state = this.state;
    state.stats.mutatingCalls++;
    const n = state.stats.mutatingCalls;
    if (state.mutationHook && !state.inHook) {
      state.inHook = true;
      try { state.mutationHook(n, what); } finally { state.inHook = false; }
    }
    if (state.faultCountdown !== null) {
      state.faultCountdown--;
      if (state.faultCountdown <= 0) {
        state.faultCountdown = null;
        const message = `Injected fault at mutating call ${n} (${what})`;
        // Like a killed execution, the rest of the run cannot continue even if the script catches it.
        if (this.depth > 0) this.killedBy = message;
        this.fail(message);
      }
    }
  }

  fail(message: string): never {
    throw new this.realm.Error(message);
  }

  date(ms: number): Date {
    return new this.realm.Date(ms);
  }

  /** An array of the target realm, so `instanceof Array` holds inside the bundle. */
  list<T>(items: readonly T[]): T[] {
    return this.realm.Array.from(items);
  }

  /** A plain object of the target realm. */
  record<T>(entries: Iterable<[string, T]>): Record<string, T> {
    const out = new this.realm.Object() as Record<string, T>;
    for (const [k, v] of entries) out[k] = v;
    return out;
  }

  cellsRead(n: number): void {
    this.state.stats.cellsRead += n;
    this.spend(n * (this.state.serviceTime?.ms_per_cell ?? 0));
  }

  cellsWritten(n: number): void {
    this.state.stats.cellsWritten += n;
    this.spend(n * (this.state.serviceTime?.ms_per_cell ?? 0));
  }
}

function scopeOf(name: string): string {
  if (name.startsWith('SpreadsheetApp') || name.startsWith('Spreadsheet')) {
    return 'https://www.googleapis.com/auth/spreadsheets.currentonly';
  }
  if (name.startsWith('MailApp')) return 'https://www.googleapis.com/auth/script.send_mail';
  if (name.startsWith('ScriptApp')) return 'https://www.googleapis.com/auth/script.scriptapp';
  if (name.startsWith('Session')) return 'https://www.googleapis.com/auth/userinfo.email';
  return 'https://www.googleapis.com/auth/script.storage';
}

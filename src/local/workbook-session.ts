// A workbook in the local emulator with the built add-on loaded: what the CLI, `npm start`, the
// benchmarks and the end-to-end tests drive. It calls the bundle's server functions exactly as the
// sidebar does (JSON in, JSON out), acting as whichever user the caller names.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { headerKey } from '../core/input/headers';
import { TAB } from '../core/schema/tabs';
import { AppsScriptEmulator } from './emulator';
import { loadBundle, type BundleContext } from './emulator/load-bundle';
import { resolveTimeZone, zonedToEpoch } from './emulator/time-zone';
import { toWorkbookFile } from './emulator/workbook-file';

/** The project root: dist/cli.js and src/local/*.ts sit at different depths, so look for package.json. */
export const PROJECT_ROOT = findProjectRoot(__dirname);
export const BUILD_DIR = path.join(PROJECT_ROOT, 'build');

export interface SessionOptions {
  owner: string;
  time_zone?: string;
  /** Fixes the add-on's clock (epoch ms), so "today" is the as-of date. */
  now_ms?: number;
  build_dir?: string;
}

export class WorkbookSession {
  readonly emulator: AppsScriptEmulator;
  private readonly bundle: BundleContext;
  private readonly clock: Clock;
  /** Server calls so far: a caller saves only when something ran since its last save. */
  private call_count = 0;

  private constructor(emulator: AppsScriptEmulator, clock: Clock, build_dir: string) {
    this.emulator = emulator;
    this.clock = clock;
    this.bundle = loadBundle(emulator, build_dir);
  }

  static create(options: SessionOptions): WorkbookSession {
    const build_dir = options.build_dir ?? BUILD_DIR;
    const clock = new Clock(options.now_ms);
    const emulator = new AppsScriptEmulator({
      owner: options.owner,
      timeZone: options.time_zone ?? 'Etc/UTC',
      now: clock.now,
      htmlFiles: sidebarFiles(build_dir),
    });
    return new WorkbookSession(emulator, clock, build_dir);
  }

  static open(file: string, now_ms?: number, build_dir = BUILD_DIR): WorkbookSession {
    const clock = new Clock(now_ms);
    const emulator = AppsScriptEmulator.load(file, { now: clock.now, htmlFiles: sidebarFiles(build_dir) });
    return new WorkbookSession(emulator, clock, build_dir);
  }

  /**
   * Shares the spreadsheet with these people as editors, as the owner would in Sheets' Share
   * dialog before anyone uses the add-on. With Settings' operators empty, Set-up makes the
   * spreadsheet's editors the operators and the protected tabs' editors.
   */
  shareWith(emails: readonly string[]): void {
    const ss = this.emulator.state.spreadsheet;
    for (const email of emails.map((e) => e.trim().toLowerCase())) {
      if (email !== ss.owner.toLowerCase() && !ss.editors.includes(email)) ss.editors.push(email);
    }
  }

  /** Calls a server function as `email` would from the sidebar (google.script.run semantics). */
  run<T>(email: string, fn: string, ...args: unknown[]): T {
    this.call_count++;
    this.emulator.setActiveUser(email);
    return this.bundle.run(fn, ...args) as T;
  }

  /** Calls a top-level function as a menu item or trigger would. */
  call(email: string, fn: string, ...args: unknown[]): unknown {
    this.call_count++;
    this.emulator.setActiveUser(email);
    return this.bundle.call(fn, ...args);
  }

  get calls(): number {
    return this.call_count;
  }

  /** The zone the add-on takes its dates in: Settings' time_zone, else the spreadsheet's. */
  addonTimeZone(): string {
    const settings = this.emulator.workbook.sheetNames().includes(TAB.settings) ? this.emulator.workbook.values(TAB.settings) : [];
    const row = settings.find((r) => headerKey(String(r[0] ?? '')) === headerKey('time_zone'));
    const written = String(row?.[1] ?? '').trim();
    return written !== '' ? written : this.emulator.state.spreadsheet.timeZone;
  }

  /** Stops the clock at noon of `as_of` in `time_zone`, so that "today" is that calendar date there. */
  fixClockToDate(as_of: string, time_zone: string): void {
    this.clock.fixed_ms = noonInZone(as_of, time_zone);
  }

  /** The bundle's top-level functions: what a menu, a trigger or google.script.run can call. */
  functionNames(): string[] {
    return this.bundle.functionNames();
  }

  /**
   * Writes the workbook file through a temporary file in the same directory and a rename, so a
   * crash or a full disk leaves the previous file whole, never half of the new one.
   */
  save(file: string): void {
    const dir = path.dirname(path.resolve(file));
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(dir, `${tempPrefix(file)}${process.pid}.${Date.now()}.tmp`);
    try {
      const fd = fs.openSync(temp, 'wx');
      try {
        fs.writeFileSync(fd, `${JSON.stringify(toWorkbookFile(this.emulator.state), null, 1)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }
}

/** Temporary files of a save are `.<name>.<pid>.<ms>.tmp` beside the workbook file. */
function tempPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

/**
 * Temporary files left beside `file` by saves whose process is gone (killed while writing): full
 * size copies that nothing else removes. Only processes on this host can be checked.
 */
export function orphanedTempFiles(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix))
    .filter((name) => {
      const match = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
      return match !== null && Number(match[1]) !== process.pid && !processIsRunning(Number(match[1]));
    })
    .map((name) => path.join(dir, name));
}

/** Removes what orphanedTempFiles finds; call it holding the file's lock. Returns the paths removed. */
export function removeOrphanedTempFiles(file: string): string[] {
  const removed: string[] = [];
  for (const temp of orphanedTempFiles(file)) {
    try {
      fs.rmSync(temp);
      removed.push(temp);
    } catch {
      // not ours to remove (permissions): the stale-lock message and the next command name it
    }
  }
  return removed;
}

/** The emulator's clock: the real time, or a fixed instant once the caller sets one. */
class Clock {
  constructor(public fixed_ms: number | undefined) {}
  readonly now = (): number => this.fixed_ms ?? Date.now();
}

/** Noon is the same calendar date in the zone whatever its offset, and clear of DST changes. */
export function noonInZone(as_of: string, time_zone: string): number {
  const [year, month, day] = as_of.split('-').map(Number);
  return zonedToEpoch(resolveTimeZone(time_zone), year!, month!, day!, 12);
}

function findProjectRoot(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 10; depth++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`partner-ledger: no package.json above ${start}`);
}

function sidebarFiles(build_dir: string): Record<string, string> {
  const file = path.join(build_dir, 'Sidebar.html');
  return fs.existsSync(file) ? { Sidebar: fs.readFileSync(file, 'utf8') } : {};
}

export function assertBuilt(build_dir = BUILD_DIR): string | null {
  return fs.existsSync(path.join(build_dir, 'Code.js'))
    ? null
    : `${path.join(build_dir, 'Code.js')} is missing: run \`npm run build\` first.`;
}

// ---------- one command at a time on a workbook file ----------

/** Who holds a workbook file's lock: written into `<file>.lock` by the holder. */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export type WorkbookLock =
  | { ok: true; release: () => void }
  | { ok: false; lock_file: string; owner: LockOwner | null; stale: boolean };

/**
 * Takes `<file>.lock`, created exclusively (O_EXCL), so that two commands never both read the same
 * workbook and write it back: the second would silently undo the first. A lock whose process is
 * gone (same host) is reported as stale, not taken over: only a person can tell that nothing else
 * is using the file.
 */
export function lockWorkbookFile(file: string, now_ms = Date.now()): WorkbookLock {
  const lock_file = `${path.resolve(file)}.lock`;
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date(now_ms).toISOString() };
  let fd: number;
  try {
    fd = fs.openSync(lock_file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = readLockOwner(lock_file);
    return { ok: false, lock_file, owner, stale: owner !== null && owner.host === me.host && !processIsRunning(owner.pid) };
  }
  try {
    fs.writeFileSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return { ok: true, release: () => fs.rmSync(lock_file, { force: true }) };
}

function readLockOwner(lock_file: string): LockOwner | null {
  try {
    const data = JSON.parse(fs.readFileSync(lock_file, 'utf8')) as Partial<LockOwner>;
    if (typeof data.pid !== 'number' || typeof data.host !== 'string' || typeof data.since !== 'string') return null;
    return { pid: data.pid, host: data.host, since: data.since };
  } catch {
    return null; // being written this instant, or not ours: either way, not ours to remove
  }
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

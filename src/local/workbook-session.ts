// A workbook in the local emulator with the built add-on loaded: what the CLI, `npm start`, the
// benchmarks and the end-to-end tests drive. It calls the bundle's server functions exactly as the
// sidebar does (JSON in, JSON out), acting as whichever user the caller names.
import * as fs from 'fs';
import * as path from 'path';
import { headerKey } from '../core/input/headers';
import { TAB } from '../core/schema/tabs';
import { AppsScriptEmulator } from './emulator';
import { loadBundle, type BundleContext } from './emulator/load-bundle';
import { resolveTimeZone, zonedToEpoch } from './emulator/time-zone';

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

  /** Calls a server function as `email` would from the sidebar (google.script.run semantics). */
  run<T>(email: string, fn: string, ...args: unknown[]): T {
    this.emulator.setActiveUser(email);
    return this.bundle.run(fn, ...args) as T;
  }

  /** Calls a top-level function as a menu item or trigger would. */
  call(email: string, fn: string, ...args: unknown[]): unknown {
    this.emulator.setActiveUser(email);
    return this.bundle.call(fn, ...args);
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

  save(file: string): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.emulator.save(file);
  }
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

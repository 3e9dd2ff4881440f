// A workbook in the local emulator with the built add-on loaded: what the CLI, `npm start`, the
// benchmarks and the end-to-end tests drive. It calls the bundle's server functions exactly as the
// sidebar does (JSON in, JSON out), acting as whichever user the caller names.
import * as fs from 'fs';
import * as path from 'path';
import { AppsScriptEmulator } from './emulator';
import { loadBundle, type BundleContext } from './emulator/load-bundle';

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

  private constructor(emulator: AppsScriptEmulator, build_dir: string) {
    this.emulator = emulator;
    this.bundle = loadBundle(emulator, build_dir);
  }

  static create(options: SessionOptions): WorkbookSession {
    const build_dir = options.build_dir ?? BUILD_DIR;
    const emulator = new AppsScriptEmulator({
      owner: options.owner,
      timeZone: options.time_zone ?? 'Etc/UTC',
      now: options.now_ms === undefined ? undefined : fixedClock(options.now_ms),
      htmlFiles: sidebarFiles(build_dir),
    });
    return new WorkbookSession(emulator, build_dir);
  }

  static open(file: string, now_ms?: number, build_dir = BUILD_DIR): WorkbookSession {
    const emulator = AppsScriptEmulator.load(file, {
      now: now_ms === undefined ? undefined : fixedClock(now_ms),
      htmlFiles: sidebarFiles(build_dir),
    });
    return new WorkbookSession(emulator, build_dir);
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

  /** The bundle's top-level functions: what a menu, a trigger or google.script.run can call. */
  functionNames(): string[] {
    return this.bundle.functionNames();
  }

  save(file: string): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.emulator.save(file);
  }
}

function findProjectRoot(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 10; depth++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`partner-ledger: no package.json above ${start}`);
}

function fixedClock(now_ms: number): () => number {
  return () => now_ms;
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

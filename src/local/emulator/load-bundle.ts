// Loads the built Apps Script bundle (every .js file of a folder, via gas-local) into a fresh vm
// context whose only globals are the emulated services: no require, process, Buffer, timers or
// module, as in Apps Script. The context's Date reports the emulator's clock.
import * as vm from 'vm';
import type { Env } from './env';
import { makeGlobals } from './globals';
import type { AppsScriptEmulator } from './index';
import { jsonLikeProblem } from './json-like';
import type { Realm } from './types';

// gas-local ships no types: require(folder, globals) loads every .js file into vm.createContext(globals).
const gasLocal = require('gas-local') as { require: (folder: string, globals: object) => vm.Context };

export interface BundleContext {
  /** Calls a top-level function as a menu item or trigger would, as this context's user. */
  call(fn: string, ...args: unknown[]): unknown;
  /** Calls a top-level function as google.script.run would: arguments and result must be
   * JSON-like and cross as JSON copies. */
  run(fn: string, ...args: unknown[]): unknown;
  has(fn: string): boolean;
  /** The script's own top-level functions (what google.script.run offers), sorted. */
  functionNames(): string[];
  /** Pins a user to this context (null = follow the emulator's active user). */
  setUser(email: string | null): void;
  /** The user the next call runs as. */
  readonly user: string;
  /** Lock-holder id of this context ('context-N'), as documentLockHolder() reports it. */
  readonly id: string;
}

export interface LoadBundleOptions {
  /** Pins a user to the context; default: the emulator's active user at each call. */
  user?: string;
}

// Runs inside the context: replaces Date with one whose "now" is the emulator's clock while
// keeping the realm's own Date.prototype, so `instanceof Date` holds for every Date in the realm.
const DATE_PATCH = `(function (clock) {
  var RealDate = Date;
  var EmulatedDate = function Date() {
    if (!new.target) return new RealDate(clock()).toString();
    // The common forms skip Reflect.construct (the bundle makes millions of Dates in a big month);
    // RealDate's prototype is EmulatedDate's, so these are the same objects.
    if (new.target === EmulatedDate) {
      if (arguments.length === 0) return new RealDate(clock());
      if (arguments.length === 1) return new RealDate(arguments[0]);
    }
    var args = Array.prototype.slice.call(arguments);
    return Reflect.construct(RealDate, args.length === 0 ? [clock()] : args, new.target);
  };
  EmulatedDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: EmulatedDate, writable: true, configurable: true });
  Object.defineProperty(EmulatedDate, 'length', { value: 7 });
  EmulatedDate.now = function now() { return clock(); };
  EmulatedDate.UTC = RealDate.UTC;
  EmulatedDate.parse = RealDate.parse;
  Object.defineProperty(globalThis, 'Date', { value: EmulatedDate, writable: true, configurable: true, enumerable: false });
})`;

// A context made from a sandbox object answers every global look-up (Math, Map, JSON…) through
// an interceptor: the bundle's hot loops ran up to 50 times slower than in V8 proper, which made
// the emulator's timings say nothing about the code. A context made with DONT_CONTEXTIFY has an
// ordinary global object; the services are set on it as globals. Older Node versions lack it.
const DONT_CONTEXTIFY = (vm.constants as unknown as { DONT_CONTEXTIFY?: unknown } | undefined)?.DONT_CONTEXTIFY;

function newRealm(): { context: vm.Context; sandbox: Record<string, unknown> } {
  if (DONT_CONTEXTIFY === undefined) {
    const sandbox: Record<string, unknown> = {};
    return { context: vm.createContext(sandbox, { name: 'apps-script-bundle' }), sandbox };
  }
  const context = vm.createContext(DONT_CONTEXTIFY as unknown as vm.Context, { name: 'apps-script-bundle' });
  // The context is its own global object: what is set on it is a global of the bundle.
  return { context, sandbox: context as Record<string, unknown> };
}

export function loadBundle(emulator: AppsScriptEmulator, buildDir: string, options: LoadBundleOptions = {}): BundleContext {
  const { context, sandbox } = newRealm();
  const patchDate = vm.runInContext(DATE_PATCH, context) as (clock: () => number) => void;
  patchDate(() => emulator.now());
  const realm = vm.runInContext('({ Date: Date, Array: Array, Object: Object, Error: Error, JSON: JSON })', context) as Realm;
  const env = emulator.createEnv(realm, options.user ?? null);
  Object.assign(sandbox, makeGlobals(env));
  // gas-local's createContext returns an already contextified object as it is.
  gasLocal.require(buildDir, sandbox);
  const services = new Set(Object.keys(makeGlobals(env)));
  return new BundleContextImpl(sandbox, env, realm, services);
}

class BundleContextImpl implements BundleContext {
  constructor(
    private readonly sandbox: Record<string, unknown>,
    private readonly env: Env,
    private readonly realm: Realm,
    private readonly services: ReadonlySet<string>,
  ) {}

  get user(): string { return this.env.user(); }
  get id(): string { return this.env.id; }

  setUser(email: string | null): void {
    this.env.pinnedUser = email === null ? null : email.trim().toLowerCase();
  }

  has(fn: string): boolean {
    return typeof this.sandbox[fn] === 'function';
  }

  functionNames(): string[] {
    return Object.keys(this.sandbox).filter((k) => !this.services.has(k) && typeof this.sandbox[k] === 'function').sort();
  }

  call(fn: string, ...args: unknown[]): unknown {
    const f = this.fn(fn);
    return this.execute(() => f(...args));
  }

  run(fn: string, ...args: unknown[]): unknown {
    const f = this.fn(fn);
    args.forEach((a, i) => {
      const problem = jsonLikeProblem(a, `args[${i}]`);
      if (problem) throw new Error(`google.script.run.${fn}: ${problem}; only JSON-like values can be passed.`);
    });
    const inArgs = args.map((a) => (a === undefined ? undefined : this.realm.JSON.parse(JSON.stringify(a)) as unknown));
    const result = this.execute(() => f(...inArgs));
    const problem = jsonLikeProblem(result, 'result');
    if (problem) throw new Error(`google.script.run.${fn}: ${problem}; only JSON-like values can be returned.`);
    return result === undefined ? undefined : JSON.parse(JSON.stringify(result)) as unknown;
  }

  private fn(name: string): (...args: unknown[]) => unknown {
    const f = this.sandbox[name];
    if (typeof f !== 'function') throw new Error(`Script function not found: ${name}`);
    return f as (...args: unknown[]) => unknown;
  }

  /** One Apps Script execution: when the outermost call ends, its locks are released; a run
   * killed by an injected fault fails even if the script caught the fault. */
  private execute(body: () => unknown): unknown {
    const env = this.env;
    if (env.depth === 0) env.executionStart_ms = env.state.now();
    env.depth++;
    let failed = false;
    let error: unknown;
    let result: unknown;
    try {
      result = body();
    } catch (e) {
      failed = true;
      error = e;
    } finally {
      env.depth--;
    }
    let killed: string | null = null;
    if (env.depth === 0) {
      env.state.releaseLocksOf(env.id);
      killed = env.killedBy;
      env.killedBy = null;
    }
    if (killed !== null) throw new Error(killed);
    if (failed) throw toHostError(error);
    return result;
  }
}

/** Errors thrown in the bundle belong to its realm; tests and the CLI get a Node Error with the
 * same name and message (the original is kept as `cause`). */
function toHostError(e: unknown): Error {
  if (e instanceof Error) return e;
  const like = e as { message?: unknown; name?: unknown; stack?: unknown } | null;
  if (like && typeof like === 'object' && typeof like.message === 'string') {
    const err = Object.assign(new Error(like.message), { cause: e });
    if (typeof like.name === 'string') err.name = like.name;
    if (typeof like.stack === 'string') err.stack = like.stack;
    return err;
  }
  return Object.assign(new Error(String(e)), { cause: e });
}

// A typed, promise-based wrapper over google.script.run: the sidebar calls `server.validateInputs()`
// and the compiler checks the name, the arguments and the result type against the server's own
// exports. Only JSON-like values cross (google.script.run drops Dates and functions).
import type * as Api from '../server/index';

type Promisified<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: Error) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

function call(name: string, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run.withSuccessHandler(resolve).withFailureHandler(reject);
    const fn = runner[name];
    if (typeof fn !== 'function') {
      reject(new Error(`The add-on has no server function "${name}". Reload the spreadsheet to get the current version.`));
      return;
    }
    (fn as (...a: unknown[]) => void).apply(runner, args);
  });
}

export const server = new Proxy({} as Promisified<typeof Api>, {
  get: (_target, name) => (...args: unknown[]) => call(String(name), args),
});

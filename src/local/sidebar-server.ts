// Serves the built sidebar to a real browser with google.script.run bridged to the real bundle in
// the emulator: `npm run sidebar` for people, the Chromium tests for CI. The page is exactly what
// HtmlService served for showSidebar (taken from the emulator), plus one bridge script. Each call
// crosses as JSON, as google.script.run's values do, and a server exception reaches the failure
// handler as an Error with the exception's message, as in Apps Script.
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { WorkbookSession } from './workbook-session';

export interface SidebarServerOptions {
  session: WorkbookSession;
  /** The user the page acts as when the URL has no `?as=` (anyone may be named there). */
  default_user: string;
  /** Shown in the local user switcher, so a person can try each role. */
  users?: string[];
  port?: number;
  /** Delay before each server call answers, to make busy states visible when trying it by hand. */
  latency_ms?: number;
}

export interface SidebarServer {
  url: string;
  /** Every call the page made, in order (for tests). */
  calls: Array<{ user: string; fn: string }>;
  close(): Promise<void>;
}

/** The client half: google.script.run with only the bundle's real functions on it. */
function bridgeScript(functions: string[], default_user: string, users: string[]): string {
  return `(function () {
  var FUNCTIONS = ${JSON.stringify(functions)};
  var params = new URLSearchParams(location.search);
  var user = params.has('as') ? params.get('as') : ${JSON.stringify(default_user)};
  function runner(success, failure) {
    var r = {
      withSuccessHandler: function (f) { return runner(f, failure); },
      withFailureHandler: function (f) { return runner(success, f); }
    };
    FUNCTIONS.forEach(function (name) {
      r[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        fetch('/run/' + encodeURIComponent(name), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: user, args: args }) })
          .then(function (response) { return response.json().then(function (body) { return { status: response.status, body: body }; }); })
          .then(function (answer) {
            if (answer.status === 200) { if (success) success(answer.body.value); }
            else if (failure) failure(new Error(answer.body.message));
          }, function (error) { if (failure) failure(error); });
      };
    });
    return r;
  }
  window.google = { script: { run: runner(null, null), host: { close: function () {} } } };
  var USERS = ${JSON.stringify(users)};
  if (USERS.length > 0) document.addEventListener('DOMContentLoaded', function () {
    var bar = document.createElement('div');
    bar.id = 'local-emulator-bar';
    bar.style.cssText = 'font:11px Arial;background:#fef7e0;border-bottom:1px solid #f9ab00;margin:-12px -12px 8px;padding:4px 12px';
    var select = document.createElement('select');
    USERS.concat(USERS.indexOf(user) < 0 ? [user] : []).forEach(function (u) {
      var o = document.createElement('option'); o.value = u; o.textContent = u === '' ? '(hidden email)' : u; select.appendChild(o);
    });
    select.value = user;
    select.onchange = function () { location.search = '?as=' + encodeURIComponent(select.value); };
    bar.appendChild(document.createTextNode('Local emulator, acting as '));
    bar.appendChild(select);
    document.body.insertBefore(bar, document.body.firstChild);
  });
})();`;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  response.end(body);
}

export function startSidebarServer(options: SidebarServerOptions): Promise<SidebarServer> {
  const { session } = options;
  const calls: SidebarServer['calls'] = [];
  const functions = session.functionNames();
  const bridge = bridgeScript(functions, options.default_user, options.users ?? []);

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/') {
      const user = url.searchParams.get('as') ?? options.default_user;
      // The page HtmlService produced for this user's showSidebar call.
      session.call(user, 'showSidebar');
      const shown = session.emulator.ui.sidebars[session.emulator.ui.sidebars.length - 1];
      if (!shown) { send(response, 500, 'text/plain', 'showSidebar showed nothing'); return; }
      send(response, 200, 'text/html', shown.html.replace('<head>', '<head>\n<script src="/bridge.js"></script>'));
      return;
    }
    if (request.method === 'GET' && url.pathname === '/bridge.js') { send(response, 200, 'text/javascript', bridge); return; }
    if (request.method === 'POST' && url.pathname.startsWith('/run/')) {
      const fn = decodeURIComponent(url.pathname.slice('/run/'.length));
      const { user, args } = JSON.parse(await readBody(request)) as { user: string; args: unknown[] };
      calls.push({ user, fn });
      if (options.latency_ms) await new Promise((r) => setTimeout(r, options.latency_ms));
      try {
        const value = session.run(user, fn, ...args);
        send(response, 200, 'application/json', JSON.stringify({ value: value === undefined ? null : value }));
      } catch (error) {
        send(response, 500, 'application/json', JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      }
      return;
    }
    send(response, 404, 'text/plain', 'not found');
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, 'application/json', JSON.stringify({ message: String(error) })));
  });
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        calls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

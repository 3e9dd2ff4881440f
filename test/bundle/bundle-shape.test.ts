// The built file is what clasp pushes: it must be a plain script Apps Script can load, whose menu
// names only functions Apps Script can find (top-level function declarations).
import * as acorn from 'acorn';
import * as fs from 'fs';
import * as path from 'path';
import { AppsScriptEmulator } from '../../src/local/emulator';
import { loadBundle } from '../../src/local/emulator/load-bundle';

const BUILD_DIR = path.resolve(__dirname, '../../build');
const CODE = fs.readFileSync(path.join(BUILD_DIR, 'Code.js'), 'utf8');

function topLevelFunctionDeclarations(code: string): Set<string> {
  const program = acorn.parse(code, { ecmaVersion: 2020, sourceType: 'script' });
  const names = new Set<string>();
  for (const node of program.body) {
    if (node.type === 'FunctionDeclaration' && node.id) names.add(node.id.name);
  }
  return names;
}

describe('build/Code.js', () => {
  it('parses as a classic script with no module syntax', () => {
    expect(() => acorn.parse(CODE, { ecmaVersion: 2020, sourceType: 'script' })).not.toThrow();
  });

  it('never mentions Node globals Apps Script lacks', () => {
    for (const pattern of [/\brequire\(/, /\bprocess\./, /\bBuffer\./, /\bsetTimeout\(/, /^export /m, /^import /m]) {
      expect(CODE).not.toMatch(pattern);
    }
  });

  it('has no template literals left (HtmlService would mangle // inside them)', () => {
    const program = acorn.parse(CODE, { ecmaVersion: 2020, sourceType: 'script' });
    let templates = 0;
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { type?: string };
      if (n.type === 'TemplateLiteral') templates++;
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object' && 'type' in value) walk(value);
      }
    };
    walk(program);
    expect(templates).toBe(0);
  });
});

describe('onOpen', () => {
  it('builds a menu that names only top-level function declarations of the bundle', () => {
    const declared = topLevelFunctionDeclarations(CODE);
    const emulator = new AppsScriptEmulator({ owner: 'owner@example.com' });
    emulator.setAuthMode('NONE');
    const bundle = loadBundle(emulator, BUILD_DIR);
    bundle.call('onOpen', { authMode: 'NONE' });
    const items = emulator.ui.menus.flatMap((menu) => menu.items);
    const names = items.flatMap((item) => (item.kind === 'item' ? [item.functionName] : []));
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) expect(declared.has(name)).toBe(true);
  });

  it('runs without authorisation: it touches nothing but the menu', () => {
    const emulator = new AppsScriptEmulator({ owner: 'owner@example.com' });
    emulator.setAuthMode('NONE');
    const bundle = loadBundle(emulator, BUILD_DIR);
    emulator.resetStats();
    bundle.call('onOpen', { authMode: 'NONE' });
    const services = Object.keys(emulator.stats.calls).map((name) => name.split('.')[0]);
    expect(new Set(services)).toEqual(new Set(['SpreadsheetApp', 'Ui', 'Menu']));
  });
});

describe('the bundle in a bare context', () => {
  it('sees no Node globals', () => {
    const emulator = new AppsScriptEmulator({ owner: 'owner@example.com' });
    loadBundle(emulator, BUILD_DIR);
    const globals = emulator.globals();
    for (const name of ['require', 'process', 'Buffer', 'setTimeout', 'module']) expect(name in globals).toBe(false);
  });
});

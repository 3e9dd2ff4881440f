// Builds exactly what `clasp push` uploads (build/: Code.js, Sidebar.html, appsscript.json) and the
// Node CLI (dist/cli.js). Run with `npm run build`.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const BUILD_DIR = path.join(ROOT, 'build');
const DIST_DIR = path.join(ROOT, 'dist');
const SERVER_ENTRY = path.join(ROOT, 'src/server/index.ts');
const SIDEBAR_ENTRY = path.join(ROOT, 'src/sidebar/main.ts');
const SIDEBAR_HTML = path.join(ROOT, 'src/sidebar/index.html');
const SIDEBAR_CSS = path.join(ROOT, 'src/sidebar/style.css');
const CLI_ENTRY = path.join(ROOT, 'src/local/cli.ts');
/** The bundle's single global: every export hangs off it until the stubs below expose it. */
const GLOBAL_NAME = 'PartnerLedger';

// HtmlService strips `//` and `/*` sequences inside template literals, so they are lowered to
// string concatenation; Apps Script's V8 otherwise understands ES2020.
const APPS_SCRIPT_TARGET: Pick<esbuild.BuildOptions, 'target' | 'supported'> = {
  target: 'es2020',
  supported: { 'template-literal': false },
};

/** Names the server entry exports, read from esbuild's own analysis (no hand-kept list to drift). */
async function serverExportNames(): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [SERVER_ENTRY],
    bundle: true,
    format: 'esm',
    write: false,
    metafile: true,
    outdir: 'unused',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (!output) throw new Error('build: esbuild reported no output for the server entry');
  return [...output.exports].sort();
}

/**
 * Apps Script only calls functions that are top-level *declarations* in a pushed file: menu items,
 * google.script.run targets and triggers are looked up by name before any code runs, so an export
 * inside the bundle's closure is invisible. One forwarding declaration per export fixes that.
 */
function topLevelStubs(names: string[]): string {
  const lines = names.map(
    (name) => `function ${name}() { return ${GLOBAL_NAME}.${name}.apply(this, arguments); }`,
  );
  return ['', '// Top-level declarations Apps Script can call (generated from the export list).', ...lines, ''].join('\n');
}

async function buildServer(): Promise<string[]> {
  const names = await serverExportNames();
  const result = await esbuild.build({
    entryPoints: [SERVER_ENTRY],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    ...APPS_SCRIPT_TARGET,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  fs.writeFileSync(path.join(BUILD_DIR, 'Code.js'), `${code}${topLevelStubs(names)}`);
  return names;
}

/** `</script` inside inlined code would end the script element early. */
function inlineSafe(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1');
}

async function buildSidebar(): Promise<void> {
  const result = await esbuild.build({
    entryPoints: [SIDEBAR_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // csv-parse's Node build leans on Buffer; its browser build carries its own polyfill.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    ...APPS_SCRIPT_TARGET,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const script = inlineSafe(result.outputFiles[0].text);
  const css = fs.readFileSync(SIDEBAR_CSS, 'utf8');
  const template = fs.readFileSync(SIDEBAR_HTML, 'utf8');
  if (!template.includes('<!-- STYLE -->') || !template.includes('<!-- SCRIPT -->')) {
    throw new Error('build: src/sidebar/index.html must contain <!-- STYLE --> and <!-- SCRIPT --> markers');
  }
  const html = template
    .replace('<!-- STYLE -->', () => `<style>\n${css}</style>`)
    .replace('<!-- SCRIPT -->', () => `<script>\n${script}</script>`);
  fs.writeFileSync(path.join(BUILD_DIR, 'Sidebar.html'), html);
}

async function buildCli(): Promise<void> {
  await esbuild.build({
    entryPoints: [CLI_ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(DIST_DIR, 'cli.js'),
    logLevel: 'warning',
  });
}

async function main(): Promise<void> {
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const names = await buildServer();
  await buildSidebar();
  fs.copyFileSync(path.join(ROOT, 'appsscript.json'), path.join(BUILD_DIR, 'appsscript.json'));
  await buildCli();
  const size_kb = Math.round(fs.statSync(path.join(BUILD_DIR, 'Code.js')).size / 1024);
  console.log(`build: build/Code.js (${size_kb} KB, ${names.length} entry points), build/Sidebar.html, build/appsscript.json, dist/cli.js`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

#!/usr/bin/env node
// The CLI is bundled by `npm run build` into dist/cli.js (Node only; never pushed to Apps Script).
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('partner-ledger: dist/cli.js is missing: run `npm run build` first.');
  process.exit(2);
}
const { main } = require(cli);
process.exitCode = main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });

// `npm run sidebar`: the built sidebar in your browser, against the emulator loaded with the example
// month. Switch users in the yellow bar to see the ops, manager and finance views.
//   npm run sidebar                 (example month imported and posted: build a batch, approve it …)
//   npm run sidebar -- --stage blank   (an empty spreadsheet: try the set-up interview)
//   npm run sidebar -- --port 8080 --latency 400
import { parseArgs } from 'util';
import { EXAMPLE_PEOPLE, exampleSession, type ExampleStage } from '../src/local/example-month';
import { startSidebarServer } from '../src/local/sidebar-server';
import { assertBuilt } from '../src/local/workbook-session';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, stage: { type: 'string', default: 'posted' }, latency: { type: 'string', default: '0' } } });
  const missing = assertBuilt();
  if (missing) throw new Error(missing);
  const stages: ExampleStage[] = ['blank', 'set_up', 'imported', 'posted'];
  const stage = values.stage as ExampleStage;
  if (!stages.includes(stage)) throw new Error(`--stage must be one of ${stages.join(', ')}`);
  const session = exampleSession(stage);
  const users = [EXAMPLE_PEOPLE.ops, EXAMPLE_PEOPLE.manager, EXAMPLE_PEOPLE.finance, EXAMPLE_PEOPLE.owner, ''];
  const server = await startSidebarServer({ session, default_user: stage === 'blank' ? EXAMPLE_PEOPLE.owner : EXAMPLE_PEOPLE.ops, users, port: Number(values.port), latency_ms: Number(values.latency) });
  console.log(`Partner Ledger sidebar on the example month (${stage}): ${server.url}`);
  for (const u of users) console.log(`  as ${u === '' ? '(hidden email)' : u}: ${server.url}?as=${encodeURIComponent(u)}`);
  console.log('Ctrl-C to stop. The workbook lives in memory and is gone when you stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

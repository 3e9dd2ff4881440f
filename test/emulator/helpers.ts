// Shared set-up for the emulator tests.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppsScriptEmulator, type AppsScriptGlobals, type EmulatorOptions } from '../../src/local/emulator';

export const OWNER = 'owner@acme.test';
export const ALICE = 'alice@acme.test';
export const BOB = 'bob@acme.test';

export function emulator(opts: Partial<EmulatorOptions> = {}): { emu: AppsScriptEmulator; g: AppsScriptGlobals } {
  const emu = new AppsScriptEmulator({ owner: OWNER, ...opts });
  return { emu, g: emu.typedGlobals() };
}

/** A temp folder holding the given files (a fake build dir). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-test-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

// The global objects a script sees, all bound to one Env (realm, user, bookkeeping).
import type { Env } from './env';
import { HtmlServiceImpl } from './html';
import { LockServiceImpl } from './lock';
import { LoggerImpl, makeConsole } from './logger';
import { MailAppImpl } from './mail';
import { PropertiesServiceImpl } from './properties';
import { ScriptAppImpl } from './script-app';
import { SessionImpl } from './session';
import { SpreadsheetAppService } from './spreadsheet';
import { UtilitiesImpl } from './utilities';

export const GLOBAL_NAMES = [
  'SpreadsheetApp', 'Session', 'LockService', 'PropertiesService', 'HtmlService', 'Utilities', 'MailApp',
  'ScriptApp', 'Logger', 'console',
] as const;

export type GlobalName = (typeof GLOBAL_NAMES)[number];

export function makeGlobals(env: Env): Record<GlobalName, unknown> {
  return {
    SpreadsheetApp: new SpreadsheetAppService(env),
    Session: new SessionImpl(env),
    LockService: new LockServiceImpl(env),
    PropertiesService: new PropertiesServiceImpl(env),
    HtmlService: new HtmlServiceImpl(env),
    Utilities: new UtilitiesImpl(env),
    MailApp: new MailAppImpl(env),
    ScriptApp: new ScriptAppImpl(env),
    Logger: new LoggerImpl(env),
    console: makeConsole(env),
  };
}

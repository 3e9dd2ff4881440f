// ScriptApp: installable triggers (recorded, never fired on their own; each belongs to the user who
// created it, and getProjectTriggers lists only the caller's), the AuthMode enum, ids and tokens.
import type { Env } from './env';
import type { TriggerRecord } from './types';

export const AUTH_MODE = Object.freeze({
  NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL',
});
export const EVENT_TYPE = Object.freeze({
  CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_CHANGE: 'ON_CHANGE', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
});
export const TRIGGER_SOURCE = Object.freeze({ SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK' });

/** Apps Script allows 20 triggers per user per script. */
export const MAX_TRIGGERS_PER_USER = 20;

export class Trigger {
  constructor(private readonly env: Env, /** @internal */ readonly record: TriggerRecord) {}
  getUniqueId(): string { this.env.call('Trigger.getUniqueId'); return this.record.id; }
  getHandlerFunction(): string { this.env.call('Trigger.getHandlerFunction'); return this.record.handler; }
  getEventType(): string { this.env.call('Trigger.getEventType'); return this.record.eventType; }
  getTriggerSource(): string { this.env.call('Trigger.getTriggerSource'); return this.record.source; }
  getTriggerSourceId(): string | null { this.env.call('Trigger.getTriggerSourceId'); return this.record.sourceId; }
}

function create(env: Env, handler: string, eventType: string, source: string, sourceId: string | null,
  schedule: Record<string, number | string>): Trigger {
  const state = env.state;
  const owner = env.user();
  if (state.triggers.filter((t) => t.owner === owner).length >= MAX_TRIGGERS_PER_USER) {
    env.fail('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
  }
  env.mutate('TriggerBuilder.create');
  const record: TriggerRecord = {
    id: String(state.nextTriggerId++), handler, eventType, source, sourceId, owner, schedule: { ...schedule },
  };
  state.triggers.push(record);
  return new Trigger(env, record);
}

export class ClockTriggerBuilder {
  private readonly schedule: Record<string, number | string> = {};

  constructor(private readonly env: Env, private readonly handler: string) {}

  everyMinutes(n: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.everyMinutes');
    if (![1, 5, 10, 15, 30].includes(n)) this.env.fail('The value passed to everyMinutes must be 1, 5, 10, 15 or 30.');
    this.schedule.everyMinutes = n;
    return this;
  }

  everyHours(n: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.everyHours');
    if (![1, 2, 4, 6, 8, 12].includes(n)) this.env.fail('The value passed to everyHours must be 1, 2, 4, 6, 8 or 12.');
    this.schedule.everyHours = n;
    return this;
  }

  everyDays(n: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.everyDays');
    this.schedule.everyDays = n;
    return this;
  }

  everyWeeks(n: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.everyWeeks');
    this.schedule.everyWeeks = n;
    return this;
  }

  atHour(hour: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.atHour');
    if (!(hour >= 0 && hour <= 23)) this.env.fail('The hour must be between 0 and 23.');
    this.schedule.atHour = hour;
    return this;
  }

  nearMinute(minute: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.nearMinute');
    this.schedule.nearMinute = minute;
    return this;
  }

  onWeekDay(day: string): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.onWeekDay');
    this.schedule.onWeekDay = String(day);
    return this;
  }

  inTimezone(timezone: string): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.inTimezone');
    this.schedule.timezone = String(timezone);
    return this;
  }

  after(ms: number): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.after');
    this.schedule.after_ms = ms;
    return this;
  }

  at(date: Date): ClockTriggerBuilder {
    this.env.call('ClockTriggerBuilder.at');
    this.schedule.at_ms = date.getTime();
    return this;
  }

  create(): Trigger {
    this.env.call('ClockTriggerBuilder.create', 'FULL');
    if (Object.keys(this.schedule).length === 0) this.env.fail('Missing schedule for the clock trigger.');
    return create(this.env, this.handler, 'CLOCK', 'CLOCK', null, this.schedule);
  }
}

export class SpreadsheetTriggerBuilder {
  private eventType: string | null = null;

  constructor(private readonly env: Env, private readonly handler: string, private readonly sourceId: string) {}

  onOpen(): SpreadsheetTriggerBuilder { this.env.call('SpreadsheetTriggerBuilder.onOpen'); this.eventType = 'ON_OPEN'; return this; }
  onEdit(): SpreadsheetTriggerBuilder { this.env.call('SpreadsheetTriggerBuilder.onEdit'); this.eventType = 'ON_EDIT'; return this; }
  onChange(): SpreadsheetTriggerBuilder { this.env.call('SpreadsheetTriggerBuilder.onChange'); this.eventType = 'ON_CHANGE'; return this; }
  onFormSubmit(): SpreadsheetTriggerBuilder {
    this.env.call('SpreadsheetTriggerBuilder.onFormSubmit');
    this.eventType = 'ON_FORM_SUBMIT';
    return this;
  }

  create(): Trigger {
    this.env.call('SpreadsheetTriggerBuilder.create', 'FULL');
    if (!this.eventType) this.env.fail('Missing event type for the spreadsheet trigger.');
    return create(this.env, this.handler, this.eventType, 'SPREADSHEETS', this.sourceId, {});
  }
}

export class TriggerBuilder {
  constructor(private readonly env: Env, private readonly handler: string) {}

  timeBased(): ClockTriggerBuilder {
    this.env.call('TriggerBuilder.timeBased');
    return new ClockTriggerBuilder(this.env, this.handler);
  }

  /** forSpreadsheet(spreadsheet or id). */
  forSpreadsheet(key: unknown): SpreadsheetTriggerBuilder {
    this.env.call('TriggerBuilder.forSpreadsheet');
    const id = typeof key === 'string' ? key : this.env.state.spreadsheet.id;
    return new SpreadsheetTriggerBuilder(this.env, this.handler, id);
  }
}

export class ScriptAppImpl {
  readonly AuthMode = AUTH_MODE;
  readonly EventType = EVENT_TYPE;
  readonly TriggerSource = TRIGGER_SOURCE;

  constructor(private readonly env: Env) {}

  newTrigger(functionName: string): TriggerBuilder {
    this.env.call('ScriptApp.newTrigger', 'FULL');
    return new TriggerBuilder(this.env, String(functionName));
  }

  getProjectTriggers(): Trigger[] {
    this.env.call('ScriptApp.getProjectTriggers', 'FULL');
    const me = this.env.user();
    return this.env.list(this.env.state.triggers.filter((t) => t.owner === me).map((t) => new Trigger(this.env, t)));
  }

  deleteTrigger(trigger: Trigger): void {
    this.env.call('ScriptApp.deleteTrigger', 'FULL');
    if (!(trigger instanceof Trigger)) this.env.fail('The parameters don\'t match the method signature for ScriptApp.deleteTrigger.');
    this.env.mutate('ScriptApp.deleteTrigger');
    this.env.state.triggers = this.env.state.triggers.filter((t) => t.id !== trigger.record.id);
  }

  getOAuthToken(): string {
    this.env.call('ScriptApp.getOAuthToken');
    return `emulated-oauth-token-for-${this.env.effectiveUser() || 'anonymous'}`;
  }

  getScriptId(): string {
    this.env.call('ScriptApp.getScriptId', 'NONE');
    return this.env.state.scriptId;
  }

  getAuthorizationInfo(_authMode: string): { getAuthorizationStatus(): string; getAuthorizationUrl(): string | null } {
    this.env.call('ScriptApp.getAuthorizationInfo', 'NONE');
    return { getAuthorizationStatus: () => 'NOT_REQUIRED', getAuthorizationUrl: () => null };
  }
}

// Session: who runs the script. The active user's email may be '' (Apps Script withholds it, e.g.
// for consumer accounts outside the owner's domain); code must fail closed on that.
import { createHash } from 'crypto';
import type { Env } from './env';
import { User } from './user';

export class SessionImpl {
  constructor(private readonly env: Env) {}

  getActiveUser(): User {
    this.env.call('Session.getActiveUser');
    return new User(this.env, this.env.user());
  }

  getEffectiveUser(): User {
    this.env.call('Session.getEffectiveUser');
    return new User(this.env, this.env.effectiveUser());
  }

  getScriptTimeZone(): string {
    this.env.call('Session.getScriptTimeZone', 'NONE');
    return this.env.state.spreadsheet.timeZone;
  }

  getActiveUserLocale(): string {
    this.env.call('Session.getActiveUserLocale', 'NONE');
    return 'en';
  }

  /** Stable per user and script, opaque, available even when the email is withheld. */
  getTemporaryActiveUserKey(): string {
    this.env.call('Session.getTemporaryActiveUserKey');
    const who = this.env.pinnedUser ?? this.env.state.activeUser;
    return createHash('sha256').update(`${this.env.state.scriptId}:${who}`).digest('base64').slice(0, 43);
  }
}

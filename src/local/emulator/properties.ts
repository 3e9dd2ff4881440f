// PropertiesService with Apps Script's storage limits: 9 KB per value and 500 KB per store
// (keys and values together, counted in UTF-8 bytes). Everything is stored as a string.
import type { Env } from './env';

export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;
export const VALUE_TOO_LARGE_MESSAGE = 'Argument too large: value';
export const STORE_FULL_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export function storeBytes(store: Map<string, string>): number {
  let total = 0;
  for (const [k, v] of store) total += bytes(k) + bytes(v);
  return total;
}

export class Properties {
  constructor(private readonly env: Env, private readonly store: Map<string, string>) {}

  getProperty(key: string): string | null {
    this.env.call('Properties.getProperty');
    return this.store.get(String(key)) ?? null;
  }

  getProperties(): Record<string, string> {
    this.env.call('Properties.getProperties');
    return this.env.record(this.store.entries());
  }

  getKeys(): string[] {
    this.env.call('Properties.getKeys');
    return this.env.list([...this.store.keys()]);
  }

  setProperty(key: string, value: unknown): Properties {
    this.env.call('Properties.setProperty');
    this.write([[String(key), String(value)]], false, 'Properties.setProperty');
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers?: boolean): Properties {
    this.env.call('Properties.setProperties');
    const entries = Object.keys(properties).map((k): [string, string] => [k, String(properties[k])]);
    this.write(entries, Boolean(deleteAllOthers), 'Properties.setProperties');
    return this;
  }

  deleteProperty(key: string): Properties {
    this.env.call('Properties.deleteProperty');
    this.env.mutate('Properties.deleteProperty');
    this.store.delete(String(key));
    return this;
  }

  deleteAllProperties(): Properties {
    this.env.call('Properties.deleteAllProperties');
    this.env.mutate('Properties.deleteAllProperties');
    this.store.clear();
    return this;
  }

  /** All-or-nothing: checks the limits on the resulting store before changing it. */
  private write(entries: Array<[string, string]>, replace: boolean, what: string): void {
    for (const [, v] of entries) if (bytes(v) > MAX_VALUE_BYTES) this.env.fail(VALUE_TOO_LARGE_MESSAGE);
    const next = new Map(replace ? [] : this.store);
    for (const [k, v] of entries) next.set(k, v);
    if (storeBytes(next) > MAX_STORE_BYTES) this.env.fail(STORE_FULL_MESSAGE);
    this.env.mutate(what);
    if (replace) this.store.clear();
    for (const [k, v] of entries) this.store.set(k, v);
  }
}

export class PropertiesServiceImpl {
  constructor(private readonly env: Env) {}

  getDocumentProperties(): Properties {
    this.env.call('PropertiesService.getDocumentProperties');
    return new Properties(this.env, this.env.state.documentProperties);
  }

  getScriptProperties(): Properties {
    this.env.call('PropertiesService.getScriptProperties');
    return new Properties(this.env, this.env.state.scriptProperties);
  }

  /** One store per user; a user whose email is withheld ('') still has a store of their own. */
  getUserProperties(): Properties {
    this.env.call('PropertiesService.getUserProperties');
    return new Properties(this.env, this.env.state.userStore(this.env.user()));
  }
}

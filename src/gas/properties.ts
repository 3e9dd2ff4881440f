// Document Properties hold the anchors that make tampering with protected tabs detectable (the
// audit chain head, row counts) and the intent of an action in progress.
let cached_store: GoogleAppsScript.Properties.Properties | null = null;
// Every key and value as read once in this action (getProperties() is one call for all of them)
// and as this action has written them since. Actions that write hold the document lock, so no
// other execution changes the properties underneath.
let cached_values: Record<string, string> | null = null;
// Updates that may wait for the action's next property write (an anchor after the rows it
// covers): they ride on that call instead of costing one of their own. Reads see them at once.
let deferred: Record<string, string> = {};

/** Cleared at the start of every action, like the tab cache in sheets.ts. */
export function startPropertiesAction(): void {
  cached_store = null;
  cached_values = null;
  // Left over only by an action that threw: what it deferred is recovered from its intents.
  deferred = {};
}

function store(): GoogleAppsScript.Properties.Properties {
  if (!cached_store) cached_store = PropertiesService.getDocumentProperties();
  return cached_store;
}

function values(): Record<string, string> {
  if (!cached_values) cached_values = { ...store().getProperties(), ...deferred };
  return cached_values;
}

export function readDocumentProperty(key: string): string | null {
  return values()[key] ?? null;
}

/** A copy: callers may keep it while the action writes. */
export function readDocumentProperties(): Record<string, string> {
  return { ...values() };
}

/** One call for several keys (and whatever was deferred), so anchors move together. */
export function writeDocumentProperties(written: Record<string, string>): void {
  // Forgotten while the call is in flight: if it fails, the next read asks again.
  const known = cached_values;
  cached_values = null;
  const sent = { ...deferred, ...written };
  store().setProperties(sent);
  deferred = {};
  if (known) cached_values = { ...known, ...sent };
}

/**
 * Updates that are safe to lose if the execution stops before the next write: reads in this
 * action see them now, and they are sent with the next writeDocumentProperties (or the flush at
 * the end of the action).
 */
export function deferDocumentProperties(written: Record<string, string>): void {
  Object.assign(deferred, written);
  if (cached_values) cached_values = { ...cached_values, ...written };
}

/** Sends what is deferred; an action calls it before it releases the lock. */
export function flushDocumentProperties(): void {
  if (Object.keys(deferred).length > 0) writeDocumentProperties({});
}

export function deleteDocumentProperty(key: string): void {
  const known = cached_values;
  cached_values = null;
  store().deleteProperty(key);
  if (known) {
    delete known[key];
    cached_values = known;
  }
}

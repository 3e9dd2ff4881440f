// Document Properties hold the anchors that make tampering with protected tabs detectable (the
// audit chain head, row counts) and the intent of an action in progress.
let cached_store: GoogleAppsScript.Properties.Properties | null = null;
// Every key and value as read once in this action (getProperties() is one call for all of them)
// and as this action has written them since. Actions that write hold the document lock, so no
// other execution changes the properties underneath.
let cached_values: Record<string, string> | null = null;

/** Cleared at the start of every action, like the tab cache in sheets.ts. */
export function startPropertiesAction(): void {
  cached_store = null;
  cached_values = null;
}

function store(): GoogleAppsScript.Properties.Properties {
  if (!cached_store) cached_store = PropertiesService.getDocumentProperties();
  return cached_store;
}

function values(): Record<string, string> {
  if (!cached_values) cached_values = { ...store().getProperties() };
  return cached_values;
}

export function readDocumentProperty(key: string): string | null {
  return values()[key] ?? null;
}

/** A copy: callers may keep it while the action writes. */
export function readDocumentProperties(): Record<string, string> {
  return { ...values() };
}

/** One call for several keys, so anchors move together. */
export function writeDocumentProperties(written: Record<string, string>): void {
  // Forgotten while the call is in flight: if it fails, the next read asks again.
  const known = cached_values;
  cached_values = null;
  store().setProperties(written);
  if (known) cached_values = { ...known, ...written };
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

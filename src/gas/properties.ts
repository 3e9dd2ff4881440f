// Document Properties hold the anchors that make tampering with protected tabs detectable (the
// audit chain head, row counts) and the intent of an action in progress.
let cached_store: GoogleAppsScript.Properties.Properties | null = null;

/** Cleared at the start of every action, like the tab cache in sheets.ts. */
export function startPropertiesAction(): void {
  cached_store = null;
}

function store(): GoogleAppsScript.Properties.Properties {
  if (!cached_store) cached_store = PropertiesService.getDocumentProperties();
  return cached_store;
}

export function readDocumentProperty(key: string): string | null {
  return store().getProperty(key);
}

export function readDocumentProperties(): Record<string, string> {
  return store().getProperties();
}

/** One call for several keys, so anchors move together. */
export function writeDocumentProperties(values: Record<string, string>): void {
  store().setProperties(values);
}

export function deleteDocumentProperty(key: string): void {
  store().deleteProperty(key);
}

// Document Properties hold the anchors that make tampering with protected tabs detectable (the
// audit chain head, row counts) and the intent of an action in progress.
export function readDocumentProperty(key: string): string | null {
  return PropertiesService.getDocumentProperties().getProperty(key);
}

export function readDocumentProperties(): Record<string, string> {
  return PropertiesService.getDocumentProperties().getProperties();
}

/** One call for several keys, so anchors move together. */
export function writeDocumentProperties(values: Record<string, string>): void {
  PropertiesService.getDocumentProperties().setProperties(values);
}

export function deleteDocumentProperty(key: string): void {
  PropertiesService.getDocumentProperties().deleteProperty(key);
}

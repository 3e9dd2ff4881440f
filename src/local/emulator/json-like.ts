// google.script.run passes only JSON-like values (primitives, arrays, plain objects). A Date, a
// function, NaN or a class instance fails in Apps Script, so the emulator refuses them too,
// naming where the bad value is, instead of letting a JSON round trip silently change it.

/** Returns why `value` cannot cross google.script.run, or null when it can. */
export function jsonLikeProblem(value: unknown, path: string): string | null {
  return check(value, path, new Set<object>(), true);
}

function check(value: unknown, path: string, seen: Set<object>, topLevel: boolean): string | null {
  if (value === null) return null;
  switch (typeof value) {
    case 'string': case 'boolean': return null;
    case 'number': return Number.isFinite(value) ? null : `${path} is ${String(value)}`;
    case 'undefined': return topLevel ? null : `${path} is undefined`;
    case 'function': return `${path} is a function`;
    case 'symbol': case 'bigint': return `${path} is a ${typeof value}`;
    default: break;
  }
  const obj = value as object;
  const tag = Object.prototype.toString.call(obj);
  if (tag === '[object Date]') return `${path} is a Date (pass an ISO string or epoch ms instead)`;
  if (seen.has(obj)) return `${path} is a circular reference`;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        const problem = check(obj[i], `${path}[${i}]`, seen, false);
        if (problem) return problem;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(obj) as object | null;
    // A plain object of any realm: its prototype is null or a realm's Object.prototype.
    if (tag !== '[object Object]' || (proto !== null && Object.getPrototypeOf(proto) !== null)) {
      const name = (proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? tag.slice(8, -1);
      return `${path} is a ${name} instance, not a plain object`;
    }
    for (const key of Object.keys(obj)) {
      const child = (obj as Record<string, unknown>)[key];
      if (child === undefined) continue; // dropped, as JSON does
      const problem = check(child, `${path}.${key}`, seen, false);
      if (problem) return problem;
    }
    return null;
  } finally {
    seen.delete(obj);
  }
}

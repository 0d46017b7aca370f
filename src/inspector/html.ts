// HTML built only through `html` templates: every interpolated value goes through the one escaping function here.
/** Markup that is already safe to send: only `html` templates produce it. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The only escaping function of the inspector. Escapes the five characters that matter in text and in quoted
 * attribute values, so the same function serves both (every attribute in this folder is double-quoted).
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

export type Interpolated = SafeHtml | string | number | bigint | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A template whose values are escaped unless they are SafeHtml already; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let text = strings[0]!;
  for (let index = 0; index < values.length; index += 1) text += render(values[index]!) + strings[index + 1]!;
  return new SafeHtml(text);
}

/** An object or array whose one-line JSON is at most this long stays on one line: a seat reads `{"row": 1, "number": 7}`. */
const INLINE_WIDTH = 64;

/** What JSON cannot hold as such (bigint, Date) as the text it reads as. */
const plain = (value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : value;

/** JSON on one line with a space after each comma and colon; strings are left exactly as JSON.stringify writes them. */
function oneLine(value: unknown): string {
  const shown = plain(value);
  if (Array.isArray(shown)) return `[${shown.map(oneLine).join(', ')}]`;
  if (shown !== null && typeof shown === 'object') {
    const entries = Object.entries(shown as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`).join(', ')}}`;
  }
  return JSON.stringify(shown) ?? 'null';
}

function indented(value: unknown, indent: string): string {
  const flat = oneLine(value);
  if (value === null || typeof value !== 'object' || flat.length + indent.length <= INLINE_WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + indented(item, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${indented(plain(item), inner)}`).join(',\n')}\n${indent}}`;
}

/** JSON shown as text, indented, with small objects and arrays kept on one line; undefined stays visible as such. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return indented(plain(value), '');
}

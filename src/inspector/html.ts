// HTML built only through `html` templates: every interpolated value goes through the one escaping function here.
/** Markup that is already safe to send: produced by `html` (or `trusted` for the few literals this folder writes). */
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

/** For markup written in this folder's source only (never for anything read from a store or a request). */
export const trusted = (literal: string): SafeHtml => new SafeHtml(literal);

/** JSON shown as text, indented; undefined stays visible as such rather than vanishing. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner), 2) ?? 'undefined';
}

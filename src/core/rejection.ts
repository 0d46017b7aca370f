// The base of every business rejection: a named code, so callers branch on data, never on messages.

/**
 * Why a command was refused, in terms the edges can act on without knowing each code:
 * `invalid` — the command is wrong in itself (whatever the state);
 * `conflict` — it clashes with the current state;
 * `not-found` — it targets something that does not exist.
 */
export type RejectionKind = 'invalid' | 'conflict' | 'not-found';

export abstract class DomainRejection<Code extends string = string> extends Error {
  override readonly name: string = 'DomainRejection';

  protected constructor(
    readonly code: Code,
    readonly kind: RejectionKind,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    /** For `invalid` rejections: the command field at fault, so an API can name it. */
    readonly field?: string,
  ) {
    super(message);
  }
}

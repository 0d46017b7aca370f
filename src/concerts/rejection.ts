// The named reasons a ticketing command is refused.
import { DomainRejection, type RejectionKind } from '../core/rejection.js';

export type ConcertRejectionCode =
  'ConcertNotFound' | 'ConcertAlreadyScheduled' | 'UnknownSeats' | 'DuplicateSeats' | 'SeatsAlreadyBooked';

const kinds: Record<ConcertRejectionCode, RejectionKind> = {
  ConcertNotFound: 'not-found',
  ConcertAlreadyScheduled: 'conflict',
  UnknownSeats: 'invalid',
  DuplicateSeats: 'invalid',
  SeatsAlreadyBooked: 'conflict',
};

export class ConcertRejection extends DomainRejection<ConcertRejectionCode> {
  override readonly name = 'ConcertRejection';

  constructor(code: ConcertRejectionCode, message: string, details: Record<string, unknown> = {}) {
    super(
      code,
      kinds[code],
      message,
      details,
      code === 'DuplicateSeats' || code === 'UnknownSeats' ? 'seats' : undefined,
    );
  }
}

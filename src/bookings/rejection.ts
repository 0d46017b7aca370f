// The named reasons a booking command is refused.
import { DomainRejection, type RejectionKind } from '../core/rejection.js';

export type BookingRejectionCode =
  | 'BookingNotFound'
  | 'BookingAlreadyExists'
  | 'DuplicateSeats'
  | 'TooManySeats'
  | 'BookingIsDenied'
  | 'BookingIsAlreadyCancelled'
  | 'BookingIsAlreadyConfirmed'
  | 'BookingIsAlreadySettled'
  | 'BookingIsNotConfirmed'
  | 'BookingIsNotPayable'
  | 'PaymentAmountMismatch'
  | 'TooEarlyToExpire';

const kinds: Record<BookingRejectionCode, RejectionKind> = {
  BookingNotFound: 'not-found',
  // Wrong in themselves, whatever the booking's state: the API answers 400.
  DuplicateSeats: 'invalid',
  TooManySeats: 'invalid',
  BookingAlreadyExists: 'conflict',
  BookingIsDenied: 'conflict',
  BookingIsAlreadyCancelled: 'conflict',
  BookingIsAlreadyConfirmed: 'conflict',
  BookingIsAlreadySettled: 'conflict',
  BookingIsNotConfirmed: 'conflict',
  BookingIsNotPayable: 'conflict',
  PaymentAmountMismatch: 'conflict',
  TooEarlyToExpire: 'conflict',
};

export class BookingRejection extends DomainRejection<BookingRejectionCode> {
  override readonly name = 'BookingRejection';

  constructor(code: BookingRejectionCode, message: string, details: Record<string, unknown> = {}) {
    super(
      code,
      kinds[code],
      message,
      details,
      code === 'DuplicateSeats' || code === 'TooManySeats' ? 'seats' : undefined,
    );
  }
}

// The named reasons a payment command is refused.
import { DomainRejection, type RejectionKind } from '../core/rejection.js';

export type PaymentRejectionCode = 'PaymentNotFound' | 'PaymentAlreadyRecorded';

const kinds: Record<PaymentRejectionCode, RejectionKind> = {
  PaymentNotFound: 'not-found',
  PaymentAlreadyRecorded: 'conflict',
};

export class PaymentRejection extends DomainRejection<PaymentRejectionCode> {
  override readonly name = 'PaymentRejection';

  constructor(code: PaymentRejectionCode, message: string, details: Record<string, unknown> = {}) {
    super(code, kinds[code], message, details);
  }
}

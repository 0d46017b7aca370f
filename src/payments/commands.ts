// What can be asked of a payment: record the money received, or give it back.
export type PaymentCommand =
  | { type: 'RecordPayment'; data: { paymentId: string; bookingId: string; amount: number; now: Date } }
  | { type: 'RefundPayment'; data: { reason: string; now: Date } };

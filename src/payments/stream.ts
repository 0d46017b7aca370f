// The one place that names a payment's stream.
export const paymentCategory = 'payment';

export function paymentStream(paymentId: string): string {
  return `${paymentCategory}-${paymentId}`;
}

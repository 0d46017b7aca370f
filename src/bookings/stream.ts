// The one place that names a booking's stream; its category `booking` feeds `$ce-booking`.
export const bookingCategory = 'booking';

export function bookingStream(bookingId: string): string {
  return `${bookingCategory}-${bookingId}`;
}

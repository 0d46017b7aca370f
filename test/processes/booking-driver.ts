// Drives the service over HTTP the way a client does, and waits for the processes to move a booking on.
import { randomUUID } from 'node:crypto';
import { getJson, postJson, type Answer } from '../support/http.js';

export interface Seat {
  readonly row: number;
  readonly number: number;
}

export interface BookingDoc {
  bookingId: string;
  clientId: string;
  status: string;
  totalPrice: number | null;
  tickets: { seat: Seat; price: number }[] | null;
  expiresAt: string | null;
  paymentId: string | null;
  reason: string | null;
  version: number;
}

export const seats = (row: number, ...numbers: number[]): Seat[] => numbers.map((number) => ({ row, number }));

export class BookingDriver {
  constructor(private readonly url: () => string) {}

  async place(
    clientId: string,
    concertId: string,
    seatList: Seat[],
    bookingId: string = randomUUID(),
  ): Promise<string> {
    const answer = await postJson(`${this.url()}/clients/${clientId}/bookings`, {
      concertId,
      seats: seatList,
      bookingId,
    });
    if (answer.status !== 201)
      throw new Error(`placing ${bookingId} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return bookingId;
  }

  pay(bookingId: string, amount: number, paymentId: string = randomUUID()): Promise<Answer> {
    return postJson(`${this.url()}/payments`, { paymentId, bookingId, amount });
  }

  cancel(clientId: string, bookingId: string): Promise<Answer> {
    return postJson(`${this.url()}/clients/${clientId}/bookings/${bookingId}/cancel`, { reason: 'changed plans' });
  }

  /** The booking as the MongoDB view shows it (the list reads only the view, never the stream). */
  async viewed(clientId: string, bookingId: string): Promise<BookingDoc | undefined> {
    const answer = await getJson<{ items: BookingDoc[] }>(`${this.url()}/clients/${clientId}/bookings?limit=100`);
    return answer.body.items.find((item) => item.bookingId === bookingId);
  }

  /** Polls the view until the booking reaches one of `statuses`; fails naming the last status seen. */
  async until(clientId: string, bookingId: string, statuses: string[], timeoutMs = 10_000): Promise<BookingDoc> {
    const deadline = Date.now() + timeoutMs;
    let last: BookingDoc | undefined;
    while (Date.now() < deadline) {
      last = await this.viewed(clientId, bookingId);
      if (last && statuses.includes(last.status)) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `booking ${bookingId} did not reach ${statuses.join('/')} (last seen: ${last?.status ?? 'nothing'})`,
    );
  }

  async payment(paymentId: string): Promise<{ status: string; amount: number }> {
    return (await getJson(`${this.url()}/payments/${paymentId}`)).body;
  }

  /** Polls a payment until it is Refunded. */
  async untilRefunded(paymentId: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.payment(paymentId)).status === 'Refunded') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`payment ${paymentId} was not refunded`);
  }

  async heldSeats(concertId: string): Promise<Seat[]> {
    return (await getJson(`${this.url()}/concerts/${concertId}`)).body.heldSeats;
  }
}

// Benchmark (prints JSON): the engine alone over booking-overview, and the embedded server catching up the three projections.
// Run: npx tsx embedded/eventstoredb/projections/benchmark.ts [bookings]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreDB } from '../index.js';
import { ProjectionEngine } from './engine.js';

const bookings = Number(process.argv[2] ?? 2000);
const query = (name: string) => readFileSync(new URL(`../../../projections/${name}.js`, import.meta.url), 'utf8');

/** One settled booking's events, as the service writes them. */
function bookingLife(index: number): { stream: string; type: string; data: Record<string, unknown> }[] {
  const bookingId = `bench-${index}`;
  const concertId = index % 2 === 0 ? 'rock-night' : 'jazz-evening';
  const at = new Date(0).toISOString();
  const seat = { row: 1, number: (index % 50) + 1 };
  return [
    { stream: `booking-${bookingId}`, type: 'BookingPlaced', data: { bookingId, clientId: `client-${index % 100}`, concertId, seats: [seat], placedAt: at } },
    { stream: `concert-${concertId}`, type: 'SeatsReserved', data: { concertId, bookingId, seats: [seat], tickets: [{ seat, price: 30000 }], expiresAt: at, reservedAt: at } },
    { stream: `booking-${bookingId}`, type: 'BookingConfirmed', data: { bookingId, tickets: [{ seat, price: 30000 }], totalPrice: 30000, expiresAt: at, confirmedAt: at } },
    { stream: `booking-${bookingId}`, type: 'BookingPaid', data: { bookingId, paymentId: `p-${index}`, amount: 30000, paidAt: at } },
    { stream: `booking-${bookingId}`, type: 'BookingSettled', data: { bookingId, settledAt: at } },
  ];
}

/** Events per second through the engine alone, fed one by one (live) and in batches of 500 (catch-up). */
function engineAlone(): Record<string, number> {
  const revisions = new Map<string, number>();
  const inputs = Array.from({ length: bookings }, (_, index) => bookingLife(index)).flat().map((event) => {
    const sequenceNumber = revisions.get(event.stream) ?? 0;
    revisions.set(event.stream, sequenceNumber + 1);
    return { streamId: event.stream, sequenceNumber, eventType: event.type, eventId: randomUUID(), isJson: true, data: JSON.stringify(event.data), metadata: '' };
  });
  const timed = (feed: (engine: ProjectionEngine) => void): number => {
    const engine = new ProjectionEngine(query('booking-overview'), { name: 'booking-overview' });
    const started = performance.now();
    feed(engine);
    return Math.round(inputs.length / ((performance.now() - started) / 1000));
  };
  const oneByOne = timed((engine) => inputs.forEach((input) => engine.process(input)));
  const batched = timed((engine) => {
    for (let start = 0; start < inputs.length; start += 500) engine.processBatch(inputs.slice(start, start + 500));
  });
  return { events: inputs.length, eventsPerSecondOneByOne: oneByOne, eventsPerSecondBatched: batched };
}

async function serverCatchUp(): Promise<Record<string, number>> {
  const server = await startEventStoreDB({ port: 0 });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    const events = Array.from({ length: bookings }, (_, index) => bookingLife(index)).flat();
    for (const event of events) await client.appendToStream(event.stream, [jsonEvent({ type: event.type, data: event.data })]);
    const started = performance.now();
    await client.createProjection('booking-overview', query('booking-overview'));
    await client.createProjection('concert-sales', query('concert-sales'), { emitEnabled: true });
    await client.createProjection('client-activity', query('client-activity'), { emitEnabled: true });
    for (;;) {
      const overview = (await client.getProjectionState('booking-overview')) as { placed?: number } | null;
      const linked = (await client.getProjectionState('client-activity', { partition: `booking-bench-${bookings - 1}` })) as { linked?: number } | null;
      if (overview?.placed === bookings && linked?.linked === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    return { events: events.length, projections: 3, ms: Math.round(ms), eventsPerSecondPerProjection: Math.round(events.length / (ms / 1000)) };
  } finally {
    await client.dispose();
    await server.stop();
  }
}

console.log(JSON.stringify({ bookings, engine: engineAlone(), embeddedCatchUp: await serverCatchUp() }, null, 2));

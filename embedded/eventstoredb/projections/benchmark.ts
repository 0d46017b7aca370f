// Benchmark (prints JSON): the engine alone over each projection, and the embedded server catching up the three projections.
// Run: npx tsx embedded/eventstoredb/projections/benchmark.ts [bookings] (ENGINE_ONLY=1: the engines alone)
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
    {
      stream: `booking-${bookingId}`,
      type: 'BookingPlaced',
      data: { bookingId, clientId: `client-${index % 100}`, concertId, seats: [seat], placedAt: at },
    },
    {
      stream: `concert-${concertId}`,
      type: 'SeatsReserved',
      data: { concertId, bookingId, seats: [seat], tickets: [{ seat, price: 30000 }], expiresAt: at, reservedAt: at },
    },
    {
      stream: `booking-${bookingId}`,
      type: 'BookingConfirmed',
      data: { bookingId, tickets: [{ seat, price: 30000 }], totalPrice: 30000, expiresAt: at, confirmedAt: at },
    },
    {
      stream: `booking-${bookingId}`,
      type: 'BookingPaid',
      data: { bookingId, paymentId: `p-${index}`, amount: 30000, paidAt: at },
    },
    { stream: `booking-${bookingId}`, type: 'BookingSettled', data: { bookingId, settledAt: at } },
  ];
}

/**
 * Each of the three projections' engines alone, fed in batches of 50 (about what a caught-up projection gathers in its
 * 50 ms at 200 bookings/s) and 500 (catch-up): events per second, and microseconds of this process's CPU per event
 * (every thread, the sandbox's watchdog included), the figure to compare on a shared machine.
 */
function engineAlone(): Record<string, Record<string, number>> {
  const revisions = new Map<string, number>();
  const inputs = Array.from({ length: bookings }, (_, index) => bookingLife(index))
    .flat()
    .map((event) => {
      const sequenceNumber = revisions.get(event.stream) ?? 0;
      revisions.set(event.stream, sequenceNumber + 1);
      // The service's events carry their correlation and causation ids.
      const metadata = JSON.stringify({ $correlationId: randomUUID(), $causationId: randomUUID() });
      return {
        streamId: event.stream,
        sequenceNumber,
        eventType: event.type,
        eventId: randomUUID(),
        isJson: true,
        data: JSON.stringify(event.data),
        metadata,
      };
    });
  const figures: Record<string, Record<string, number>> = {};
  for (const name of ['booking-overview', 'concert-sales', 'client-activity']) {
    for (const batch of [50, 500]) {
      const engine = new ProjectionEngine(query(name), { name, emitEnabled: true });
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let start = 0; start < inputs.length; start += batch)
        engine.processBatch(inputs.slice(start, start + batch));
      const used = process.cpuUsage(cpu);
      figures[`${name} (batches of ${batch})`] = {
        eventsPerSecond: Math.round(inputs.length / ((performance.now() - started) / 1000)),
        cpuMicrosecondsPerEvent: Math.round(((used.user + used.system) / inputs.length) * 100) / 100,
      };
    }
  }
  return figures;
}

async function serverCatchUp(): Promise<Record<string, number>> {
  const server = await startEventStoreDB({ port: 0 });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    const events = Array.from({ length: bookings }, (_, index) => bookingLife(index)).flat();
    for (const event of events)
      await client.appendToStream(event.stream, [jsonEvent({ type: event.type, data: event.data })]);
    const started = performance.now();
    await client.createProjection('booking-overview', query('booking-overview'));
    await client.createProjection('concert-sales', query('concert-sales'), { emitEnabled: true });
    await client.createProjection('client-activity', query('client-activity'), { emitEnabled: true });
    for (;;) {
      const overview = (await client.getProjectionState('booking-overview')) as { placed?: number } | null;
      const linked = (await client.getProjectionState('client-activity', {
        partition: `booking-bench-${bookings - 1}`,
      })) as { linked?: number } | null;
      if (overview?.placed === bookings && linked?.linked === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    return {
      events: events.length,
      projections: 3,
      ms: Math.round(ms),
      eventsPerSecondPerProjection: Math.round(events.length / (ms / 1000)),
    };
  } finally {
    await client.dispose();
    await server.stop();
  }
}

// ENGINE_ONLY=1 leaves out the server catch-up, which takes most of the run.
const engine = engineAlone();
console.log(
  JSON.stringify(
    {
      bookings,
      events: bookings * 5,
      engine,
      ...(process.env.ENGINE_ONLY === '1' ? {} : { embeddedCatchUp: await serverCatchUp() }),
    },
    null,
    2,
  ),
);

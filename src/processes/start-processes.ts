// Starts the three process managers, the booking view and the expirer; gives the composition root their routes, probes and stop.
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Db } from 'mongodb';
import type { Logger } from 'winston';
import type { Clock } from '../core/clock.js';
import type { AggregateHandlers } from '../eventstore/aggregate-handlers.js';
import type { RouteModule } from '../http/app.js';
import { BookingExpirer } from '../expiration/booking-expirer.js';
import { expireBooking } from '../expiration/expire-booking.js';
import { InstanceRegistry } from '../instances.js';
import type { InstanceIdentity } from '../roles.js';
import { BookingQueries } from '../view/booking-queries.js';
import { listsOnlyWhenComplete } from '../view/view-incomplete.js';
import { NotReadyError, type ReadinessProbe } from '../http/routes/health.js';
import { ViewWriter } from '../view/view-writer.js';
import { bookingConfirmation } from './booking-confirmation.js';
import { bookingPayment } from './booking-payment.js';
import type { ConsumerGroupTuning } from './consumer-group.js';
import { ProcessConsumer, type ProcessConsumerOptions } from './process-consumer.js';
import { processPorts } from './process-ports.js';
import { processesReport } from './processes-report.js';
import { processesRoutes } from './processes-route.js';
import { ticketRelease } from './ticket-release.js';

export interface ProcessesDependencies {
  readonly client: EventStoreDBClient;
  readonly db: Db;
  readonly aggregates: AggregateHandlers;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly reservationHoldSeconds: number;
  readonly expirationCheckIntervalMs: number;
  /** This instance and the roles it runs: only those start here (src/roles.ts). */
  readonly identity: InstanceIdentity;
  readonly viewLeaseMs: number;
  /** Message timeout, retries, buffer and backoff; production uses the defaults, specs shorten them. */
  readonly tuning?: ProcessesTuning;
}

export type ProcessesTuning = ConsumerGroupTuning &
  Pick<ProcessConsumerOptions, 'bufferSize' | 'backoff'> & {
    /** How often the idle view checks that its checkpoint is still stored. */
    readonly viewVerifyEveryMs?: number;
  };

export interface RunningProcesses {
  /** The view's reads; a client's list is refused (503) while the view is being rebuilt. */
  readonly bookingQueries: ReturnType<typeof listsOnlyWhenComplete>;
  /** GET /processes, declared with its OpenAPI entry (processes-route.ts). */
  readonly routes: RouteModule;
  readonly readinessProbes: ReadinessProbe[];
  /** What GET /processes answers, for other readers (the inspector's dashboard). */
  report(): Promise<ProcessesReport>;
  stop(): Promise<void>;
}

export type ProcessesReport = Awaited<ReturnType<typeof processesReport>>;

export async function startProcesses(deps: ProcessesDependencies): Promise<RunningProcesses> {
  const { client, db, aggregates, clock, logger, tuning, identity } = deps;
  const runs = (role: InstanceIdentity['roles'][number]) => identity.roles.includes(role);
  const ports = processPorts(aggregates, clock, deps.reservationHoldSeconds);
  const consumerOptions: ProcessConsumerOptions = { ...tuning, client, logger };
  const consumers = [
    bookingConfirmation(ports, logger, tuning),
    bookingPayment(ports, logger, tuning),
    ticketRelease(ports, logger, tuning),
  ].map((process) => new ProcessConsumer(process, consumerOptions));
  // Without the view role it only watches the lease and the checkpoint, for GET /processes.
  const projector = new ViewWriter(client, db, clock, logger, {
    instanceId: identity.id,
    leaseMs: deps.viewLeaseMs,
    candidate: runs('view'),
    projector: { verifyEveryMs: tuning?.viewVerifyEveryMs },
  });
  const isViewComplete = () => !projector.status().rebuilding;
  const bookingQueries = listsOnlyWhenComplete(new BookingQueries(db), projector);
  const expirer = !runs('expirer')
    ? undefined
    : new BookingExpirer({
        dueForExpiry: (now, limit) => bookingQueries.dueForExpiry(now, limit),
        isViewComplete,
        expire: expireBooking(aggregates.bookings, logger),
        clock,
        logger,
        intervalMs: deps.expirationCheckIntervalMs,
      });

  // Built whatever the roles, so that the report shows every group as the server sees it; started only with the role.
  const consuming = runs('processes') ? consumers : [];
  const registry = new InstanceRegistry(db, identity, Math.floor(deps.viewLeaseMs / 3), logger);
  await registry.start();
  await projector.start();
  // MongoDB may hold nothing (the embedded one is memory only): the API opens on a complete view, not a filling one.
  await projector.whenComplete();
  await Promise.all(consuming.map((consumer) => consumer.start()));
  expirer?.start();

  const report = () =>
    processesReport({
      client,
      consumers,
      view: projector,
      expirer,
      logger,
      identity,
      instances: () => registry.list(),
    });

  const subscribed = (what: string, isUp: () => boolean) => ({
    name: what,
    check: async () => {
      if (!isUp()) throw new NotReadyError('resubscribing');
      return 'subscribed';
    },
  });
  const view = { name: 'booking-view', check: () => projector.check() };

  return {
    bookingQueries,
    routes: processesRoutes(report),
    readinessProbes: [
      ...consuming.map((consumer) => subscribed(consumer.status().name, () => consumer.status().subscribed)),
      ...(runs('view') ? [view] : []),
    ],
    report,
    async stop() {
      // The expirer first: it sends commands; then the consumers finish and ack what they hold; the view last.
      await expirer?.stop();
      await Promise.all(consuming.map((consumer) => consumer.stop()));
      await projector.stop();
      await registry.stop();
    },
  };
}

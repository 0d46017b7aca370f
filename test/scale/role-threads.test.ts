// SERVICE_WORKER_ROLES: one process, the processes, view and expirer in a worker thread and the API on the main thread,
// on embedded servers started once for both (as `npm start` does when no connection string is given).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Config } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import type { RunningService } from '../../src/service.js';
import { startThreadedService } from '../../src/threaded-service.js';
import { capturedLogger } from '../support/captured-logger.js';
import { testAuth } from '../support/credentials.js';
import { eventually } from '../support/eventually.js';
import { getJson } from '../support/http.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';

describe('roles in a worker thread of one process', function () {
  this.timeout(60_000);
  let service: RunningService;
  const { lines, logger } = capturedLogger('info');

  before(async () => {
    const config: Config = {
      port: 0,
      eventStoreConnectionString: undefined,
      mongoUri: undefined,
      mongoDatabase: 'booking',
      logLevel: 'warn',
      expirationCheckIntervalMs: 200,
      reservationHoldSeconds: 900,
      auth: testAuth,
      roles: ['api', 'processes', 'view', 'expirer'],
      instanceId: `threads-${randomUUID().slice(0, 8)}`,
      viewLeaseMs: 1_500,
      workerRoles: ['processes', 'view', 'expirer'],
    };
    service = await startThreadedService(config, { logger, clock: systemClock });
  });
  after(() => service?.stop());

  it('when a booking is placed on the main thread, then the worker thread confirms it and writes the view the API reads', async () => {
    const driver = new BookingDriver(() => service.url);
    const bookingId = await driver.place('fay', 'rock-night', seats(6, 1));
    await driver.until('fay', bookingId, ['Confirmed']);
  });

  it('when the process reports, then it is two instances: the API here, the other roles in the thread, which writes the view', async () => {
    const report = (await getJson(`${service.url}/processes`)).body;
    const main = report.instance.id as string;
    expect(report.instance.roles).to.deep.equal(['api']);
    await eventually(async () => {
      const again = (await getJson(`${service.url}/processes`)).body;
      expect(again.instances.map(({ id, roles }: { id: string; roles: string[] }) => ({ id, roles }))).to.deep.equal([
        { id: main, roles: ['api'] },
        { id: `${main}-worker`, roles: ['processes', 'view', 'expirer'] },
      ]);
    });
    expect(report.view.writer).to.include({ instance: `${main}-worker`, here: false });
    expect(report.processes.map((process: { consumers: number }) => process.consumers)).to.deep.equal([1, 1, 1]);
    expect(lines.some((line) => line.message === 'roles started in a worker thread')).to.equal(true);
  });
});

// The service makes sure the system projections it needs run: it enables stopped ones at start-up, and /ready says when one is not running.
import { expect } from 'chai';
import { AccessDeniedError, type EventStoreDBClient, type ProjectionDetails } from '@eventstore/db-client';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB, type EmbeddedMongoDB } from '../../embedded/mongodb/index.js';
import { ensureSystemProjections, NEEDED_SYSTEM_PROJECTIONS } from '../../src/eventstore/system-projections.js';
import { capturedLogger } from '../support/captured-logger.js';
import { getJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

describe('the system projections the service needs', () => {
  describe('on an event store whose standard projections are stopped', () => {
    let eventStore: EmbeddedEventStoreDB;
    let mongo: EmbeddedMongoDB;
    let service: TestService;
    before(async () => {
      eventStore = await startEventStoreDB({ startStandardProjections: false });
      mongo = await startMongoDB({ port: 0 });
      service = await startTestService({
        servers: { eventStoreConnectionString: eventStore.connectionString, mongoUri: mongo.connectionString },
      });
    });
    after(async () => {
      await service.stop();
      await eventStore.stop();
      await mongo.stop();
    });

    it('when the service starts, then it enables them and logs it, and /ready counts them', async () => {
      for (const { name } of NEEDED_SYSTEM_PROJECTIONS) {
        expect((await service.client.getProjectionStatus(name)).status).to.match(/^Running/);
        expect(service.logs.some((line) => line.message === `system projection ${name} enabled`)).to.equal(true);
      }
      // Not needed by the service, so left as the server has it.
      expect((await service.client.getProjectionStatus('$streams')).status).to.match(/^Stopped/);
      const ready = await getJson(`${service.url}/ready`);
      expect(ready.status).to.equal(200);
      expect(ready.body.checks['system-projections']).to.deep.equal({ ok: true, state: 'running' });
    });

    it('when one is stopped later, then /ready is 503 and names it', async () => {
      await service.client.disableProjection('$by_event_type');
      try {
        const ready = await getJson(`${service.url}/ready`);
        expect(ready.status).to.equal(503);
        expect(ready.body.checks['system-projections'].ok).to.equal(false);
        expect(ready.body.checks['system-projections'].state).to.match(/\$by_event_type is Stopped/);
      } finally {
        await service.client.enableProjection('$by_event_type');
      }
      expect((await getJson(`${service.url}/ready`)).status).to.equal(200);
    });
  });

  it('when the server refuses to enable one for lack of rights, then the log and the probe say so', async () => {
    // A real server answers AccessDenied to a user outside $admins/$ops; the embedded one has no users, hence this stand-in.
    const stopped = (name: string) => ({ name, status: 'Stopped' }) as ProjectionDetails;
    const client = {
      listProjections: async () => NEEDED_SYSTEM_PROJECTIONS.map(({ name }) => stopped(name)),
      enableProjection: async () => {
        throw new AccessDeniedError(
          Object.assign(new Error('7 PERMISSION_DENIED: Access denied'), { code: 7 }) as never,
        );
      },
    } as unknown as EventStoreDBClient;
    const { lines, logger } = capturedLogger();
    const probe = await ensureSystemProjections(client, logger);
    const errors = lines.filter((line) => line.level === 'error').map((line) => String(line.message));
    expect(errors).to.have.length(NEEDED_SYSTEM_PROJECTIONS.length);
    expect(errors[0]).to.match(
      /not allowed to enable the system projection \$by_event_type.*\$admins or \$ops.*\$et- streams/,
    );
    const failure = await probe.check().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(String(failure)).to.match(/not allowed to enable the system projection \$by_event_type/);
  });
});

// A store that hangs (connections open, no answer) rather than stops: requests still end within seconds, as 503
// StoreUnavailable with Retry-After, instead of waiting on the drivers' keep-alive or for ever.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB, type EmbeddedMongoDB } from '../../embedded/mongodb/index.js';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy.js';
import { getJson, postJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';
import { answerOnceBack, timed } from '../support/store-outage.js';

describe('a store that hangs under the running service', function () {
  this.timeout(90_000);
  let eventStore: EmbeddedEventStoreDB;
  let mongo: EmbeddedMongoDB;
  let eventStoreProxy: FreezableProxy;
  let mongoProxy: FreezableProxy;
  let service: TestService;

  before(async () => {
    eventStore = await startEventStoreDB({ port: 0 });
    mongo = await startMongoDB({ port: 0 });
    eventStoreProxy = await startFreezableProxy(eventStore.port);
    mongoProxy = await startFreezableProxy(mongo.port);
    service = await startTestService({
      servers: {
        eventStoreConnectionString: `esdb://127.0.0.1:${eventStoreProxy.port}?tls=false`,
        mongoUri: `mongodb://127.0.0.1:${mongoProxy.port}/?directConnection=true`,
      },
    });
  });
  after(async () => {
    eventStoreProxy?.thaw();
    mongoProxy?.thaw();
    await service?.stop();
    await eventStoreProxy?.close();
    await mongoProxy?.close();
    await eventStore?.stop();
    await mongo?.stop();
  });

  it('when EventStoreDB stops answering, then a read and a command are 503 StoreUnavailable within about the 5 s deadline', async () => {
    eventStoreProxy.freeze();
    const answers = await Promise.all([
      timed(() => getJson(`${service.url}/payments/${randomUUID()}`)),
      timed(() =>
        postJson(`${service.url}/clients/hang/bookings`, { concertId: 'rock-night', seats: [{ row: 30, number: 1 }] }),
      ),
    ]);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).to.equal(503);
      expect(answer.body.code).to.equal('StoreUnavailable');
      expect(answer.headers.get('retry-after')).to.match(/^\d+$/);
      expect(answer.ms).to.be.below(9_000);
    }
  });

  it('when EventStoreDB answers again, then so does the service', async () => {
    eventStoreProxy.thaw();
    const answer = await answerOnceBack(`${service.url}/concerts/rock-night`);
    expect(answer.status).to.equal(200);
  });

  it('when MongoDB stops answering, then a client list is 503 StoreUnavailable within seconds, not at the next 10 s heartbeat', async () => {
    mongoProxy.freeze();
    const answer = await timed(() => getJson(`${service.url}/clients/hang/bookings`));
    mongoProxy.thaw();
    expect(answer.status, JSON.stringify(answer.body)).to.equal(503);
    expect(answer.body.code).to.equal('StoreUnavailable');
    expect(answer.ms).to.be.below(9_000);
  });
});

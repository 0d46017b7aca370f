// The cluster profile's connection strings: accepted by the configuration and parsed by the real drivers as the
// compose file writes them; `esdb+discover://` runs end to end against the embedded server's gossip (one leader).
import { readFileSync } from 'node:fs';
import { EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB, type EmbeddedMongoDB } from '../../embedded/mongodb/index.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { testSecrets } from '../support/credentials.js';
import { getJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';

/** The value the compose file gives a variable in its cluster services (the shared `x-cluster-environment`). */
function clusterSetting(name: string): string {
  const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
  const shared = compose.slice(compose.indexOf('x-cluster-environment:'));
  const value = new RegExp(`^\\s+${name}: (\\S+)$`, 'm').exec(shared)?.[1];
  if (!value) throw new Error(`docker-compose.yml sets no ${name} for the cluster`);
  return value;
}

describe('the cluster profile’s connection strings', function () {
  this.timeout(60_000);
  // Real servers named: the service then insists on real credentials (as the compose file passes them through).
  const secrets = {
    AUTH_JWT_SECRET: testSecrets.jwtSecret,
    PAYMENT_WEBHOOK_SECRET: testSecrets.paymentWebhookSecret,
    OPERATOR_TOKEN: testSecrets.operatorToken,
  };

  it('when the configuration reads them, then both are accepted as written', () => {
    const config = loadConfig({
      ...secrets,
      EVENTSTORE_CONNECTION_STRING: clusterSetting('EVENTSTORE_CONNECTION_STRING'),
      MONGODB_URI: clusterSetting('MONGODB_URI'),
    });
    expect(config.eventStoreConnectionString).to.match(/^esdb\+discover:\/\/esdb-cluster:2113\?/);
    expect(config.mongoUri).to.include('replicaSet=rs0');
  });

  it('when esdb+discover:// is given several hosts, then the start is refused: the client would use the first one only', () => {
    expect(() =>
      loadConfig({ ...secrets, EVENTSTORE_CONNECTION_STRING: 'esdb+discover://esdb1:2113,esdb2:2113?tls=false' }),
    ).to.throw(ConfigError, 'takes one DNS name');
    expect(
      loadConfig({ ...secrets, EVENTSTORE_CONNECTION_STRING: 'esdb://esdb1:2113,esdb2:2113,esdb3:2113?tls=false' })
        .eventStoreConnectionString,
    ).to.include('esdb2');
  });

  it('when the MongoDB driver parses the replica set URI, then it names the set and its three members', () => {
    const client = new MongoClient(clusterSetting('MONGODB_URI'));
    expect(client.options.replicaSet).to.equal('rs0');
    expect(client.options.hosts.map(String)).to.deep.equal(['mongo1:27017', 'mongo2:27017', 'mongo3:27017']);
  });

  it('when the EventStoreDB client parses the discovery string, then it accepts the seeds without connecting', async () => {
    const client = EventStoreDBClient.connectionString(clusterSetting('EVENTSTORE_CONNECTION_STRING'));
    await client.dispose();
  });

  describe('a service that finds the leader through gossip', () => {
    let eventStore: EmbeddedEventStoreDB;
    let mongo: EmbeddedMongoDB;
    let service: TestService;

    before(async () => {
      eventStore = await startEventStoreDB({ port: 0 });
      mongo = await startMongoDB({ port: 0 });
      const discover = `${eventStore.connectionString.replace(/^esdb:\/\//, 'esdb+discover://')}&nodePreference=leader`;
      service = await startTestService({
        servers: { eventStoreConnectionString: discover, mongoUri: mongo.connectionString },
      });
    });
    after(async () => {
      await service?.stop();
      await eventStore?.stop();
      await mongo?.stop();
    });

    it('when it runs on esdb+discover://, then it is ready and a booking goes through the processes to the view', async () => {
      expect(service.config.eventStoreConnectionString).to.match(/^esdb\+discover:\/\//);
      expect((await getJson(`${service.url}/ready`)).status).to.equal(200);
      const driver = new BookingDriver(() => service.url);
      const bookingId = await driver.place('dora', 'rock-night', seats(4, 4));
      await driver.until('dora', bookingId, ['Confirmed']);
    });
  });
});

// Start-up configuration from the environment and the log format: one message naming every bad variable; request ids in log lines.
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, defaultDataDir, loadConfig } from '../../src/config.js';
import { runInContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { capturedLogger } from '../support/captured-logger.js';

describe('configuration', () => {
  it('when nothing is set, then the documented defaults apply and both servers are left to the embedded ones', () => {
    const { auth, ...config } = loadConfig({});
    expect(auth.developmentSecrets).to.have.members(['AUTH_JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN']);
    expect(config).to.deep.equal({
      port: 3000,
      eventStoreConnectionString: undefined,
      mongoUri: undefined,
      mongoDatabase: 'booking',
      logLevel: 'info',
      expirationCheckIntervalMs: 5000,
      reservationHoldSeconds: 900,
      embeddedDataDir: defaultDataDir,
      maxRequestsInFlight: 256,
      roles: ['api', 'processes', 'view', 'expirer'],
      instanceId: `${hostname()}-${process.pid}`,
      viewLeaseMs: 6000,
      workerRoles: [],
    });
    // The specs run from the project folder, as `npm start` does.
    expect(defaultDataDir).to.equal(fileURLToPath(new URL('../../data', import.meta.url)));
  });

  it('when EMBEDDED_DATA_DIR is "memory", then nothing is kept on disk; another value is a folder, relative to the working directory', () => {
    expect(loadConfig({ EMBEDDED_DATA_DIR: 'memory' }).embeddedDataDir).to.equal(undefined);
    expect(loadConfig({ EMBEDDED_DATA_DIR: 'MEMORY' }).embeddedDataDir).to.equal(undefined);
    expect(loadConfig({ EMBEDDED_DATA_DIR: 'var/events' }).embeddedDataDir).to.equal(resolve('var/events'));
    expect(loadConfig({ EMBEDDED_DATA_DIR: '/srv/events' }).embeddedDataDir).to.equal('/srv/events');
  });

  it('when every variable is set, then each is read with its type', () => {
    const config = loadConfig({
      PORT: '8080',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      MONGODB_URI: 'mongodb://mongo:27017',
      MONGODB_DATABASE: 'tickets',
      LOG_LEVEL: 'debug',
      EXPIRATION_CHECK_INTERVAL_MS: '1000',
      RESERVATION_HOLD_SECONDS: '60',
      AUTH_JWT_SECRET: 'a-jwt-secret-of-at-least-32-characters',
      AUTH_JWT_ISSUER: 'https://id.example',
      AUTH_JWT_AUDIENCE: 'ticket-booking',
      PAYMENT_WEBHOOK_SECRET: 'a-webhook-secret-of-at-least-32-characters',
      OPERATOR_TOKEN: 'an-operator-token-of-at-least-32-characters',
    });
    expect(config.auth).to.deep.equal({
      clientTokens: { secret: 'a-jwt-secret-of-at-least-32-characters' },
      issuer: 'https://id.example',
      audience: 'ticket-booking',
      paymentWebhookSecret: 'a-webhook-secret-of-at-least-32-characters',
      operatorToken: 'an-operator-token-of-at-least-32-characters',
      developmentSecrets: [],
    });
    expect(config).to.include({
      port: 8080,
      mongoDatabase: 'tickets',
      logLevel: 'debug',
      expirationCheckIntervalMs: 1000,
      reservationHoldSeconds: 60,
    });
    expect(config.eventStoreConnectionString).to.equal('esdb://eventstore:2113?tls=false');
  });

  it('when the EventStoreDB connection string uses a KurrentDB scheme, then it is read as the esdb:// one the client takes', () => {
    const secrets = {
      AUTH_JWT_SECRET: 'a-jwt-secret-of-at-least-32-characters',
      PAYMENT_WEBHOOK_SECRET: 'a-webhook-secret-of-at-least-32-characters',
      OPERATOR_TOKEN: 'an-operator-token-of-at-least-32-characters',
    };
    const read = (value: string) =>
      loadConfig({ ...secrets, EVENTSTORE_CONNECTION_STRING: value }).eventStoreConnectionString;
    expect(read('kurrentdb://eventstore:2113?tls=false')).to.equal('esdb://eventstore:2113?tls=false');
    // One DNS name after +discover: the 6.2.1 client would use only the first of a list (test/scale/cluster-connections.test.ts).
    expect(read('kurrentdb+discover://cluster:2113')).to.equal('esdb+discover://cluster:2113');
    expect(read('kdb://eventstore:2113')).to.equal('esdb://eventstore:2113');
    expect(() => loadConfig({ ...secrets, EVENTSTORE_CONNECTION_STRING: 'http://eventstore:2113' })).to.throw(
      ConfigError,
      /esdb:\/\/ or kurrentdb:\/\//,
    );
  });

  it('when several variables are bad, then one ConfigError names every one of them', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        EXPIRATION_CHECK_INTERVAL_MS: '-1',
        MONGODB_URI: 'http://mongo',
        RESERVATION_HOLD_SECONDS: '1.5',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).to.equal('InvalidConfiguration');
    for (const name of ['PORT', 'LOG_LEVEL', 'EXPIRATION_CHECK_INTERVAL_MS', 'MONGODB_URI', 'RESERVATION_HOLD_SECONDS'])
      expect(error.message).to.include(name);
    expect(error.problems).to.have.length(5);
  });

  it('when a variable is set but empty, then it counts as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' })).to.include({ port: 3000, mongoUri: undefined });
  });
});

describe('logging', () => {
  const capture = () => capturedLogger('info');

  it('when code logs inside a request context, then the JSON line carries the request and correlation ids', async () => {
    const { lines, logger } = capture();
    await runInContext({ requestId: 'req-1', correlationId: 'booking-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('deep inside', { step: 'x' });
    });
    logger.info('outside');
    expect(lines[0]).to.include({
      message: 'deep inside',
      requestId: 'req-1',
      correlationId: 'booking-1',
      step: 'x',
      level: 'info',
    });
    expect(lines[0].timestamp).to.be.a('string');
    expect(lines[1]).to.not.have.property('requestId');
  });

  it('when the output is a terminal (pretty), then lines are readable text rather than JSON', () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    createLogger({ level: 'info', pretty: true, stream }).info('service listening', { url: 'http://x' });
    expect(text).to.match(/^\d\d:\d\d:\d\d\.\d{3} .*info.* service listening \{"url":"http:\/\/x"\}/);
  });

  it('when the level is info, then debug lines are dropped', () => {
    const { lines, logger } = capture();
    logger.debug('noise');
    logger.warn('signal');
    expect(lines.map((line) => line.message)).to.deep.equal(['signal']);
  });
});

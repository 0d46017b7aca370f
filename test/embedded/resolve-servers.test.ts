// The service's side of the embedded servers: started for a missing connection string, and their loss reported.
import { expect } from 'chai';
import winston from 'winston';
import { resolveServers } from '../../src/embedded-servers.js';
import { capturedLogger } from '../support/captured-logger.js';

describe('resolving the servers', function () {
  this.timeout(30_000);

  it('when both connection strings are given, then nothing is started and nothing is stopped', async () => {
    const servers = await resolveServers(
      { eventStoreConnectionString: 'esdb://elsewhere:2113?tls=false', mongoUri: 'mongodb://elsewhere' },
      winston.createLogger({ silent: true }),
    );
    expect(servers).to.include({
      eventStoreConnectionString: 'esdb://elsewhere:2113?tls=false',
      mongoUri: 'mongodb://elsewhere',
    });
    expect(servers.kill).to.equal(undefined);
    await servers.stop();
  });

  it('when the embedded servers die under the service, then it logs an error and calls back once', async () => {
    const { lines, logger } = capturedLogger();
    const lost: string[] = [];
    const servers = await resolveServers({ mongoUri: 'mongodb://elsewhere' }, logger, (reason) => lost.push(reason));
    expect(servers.eventStoreConnectionString).to.match(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
    expect(servers.mongoUri).to.equal('mongodb://elsewhere');
    await servers.kill!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lost).to.have.length(1);
    expect(
      lines.some(
        (line) =>
          line.level === 'error' && String(line.message).startsWith('the embedded servers stopped unexpectedly'),
      ),
    ).to.equal(true);
    await servers.stop();
  });
});

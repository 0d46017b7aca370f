// The HTTP layer on its own, with a command handler standing in for EventStoreDB: failures the real store rarely produces on demand.
import { expect } from 'chai';
import type { CommandHandler } from '../../src/eventstore/command-handler.js';
import { ConcurrencyRetriesExhaustedError } from '../../src/eventstore/errors.js';
import { startAppWithHandler, type AppWithHandler } from '../support/app-with-handler.js';
import { capturedLogger } from '../support/captured-logger.js';
import { postJson } from '../support/http.js';

describe('HTTP layer', () => {
  let app: AppWithHandler;
  const { lines, logger } = capturedLogger();

  // Logs without being told the request id, then loses every race: what a hot stream under siege looks like.
  const handler: CommandHandler = {
    async load() {
      throw new Error('not used by this test');
    },
    async handle(streamName) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('deciding', { streamName });
      throw new ConcurrencyRetriesExhaustedError(streamName, 20);
    },
  };

  before(async () => {
    app = await startAppWithHandler(handler, logger);
  });
  after(() => app?.stop());

  it('when the handler gives up on contention, then 503 problem+json with Retry-After', async () => {
    const answer = await postJson(`${app.url}/clients/alice/bookings`, {
      concertId: 'rock-night',
      seats: [{ row: 1, number: 1 }],
    });
    expect(answer.status).to.equal(503);
    expect(answer.headers.get('retry-after')).to.equal('1');
    expect(answer.body.code).to.equal('ConcurrencyRetriesExhausted');
  });

  it('when code deep inside a request logs, then its line carries the request id without being given it', async () => {
    await postJson(
      `${app.url}/clients/alice/bookings`,
      { concertId: 'rock-night', seats: [{ row: 1, number: 2 }] },
      { 'X-Request-Id': 'deep-1' },
    );
    const deciding = lines.filter((line) => line.message === 'deciding' && line.requestId === 'deep-1');
    expect(deciding).to.have.length(1);
  });
});

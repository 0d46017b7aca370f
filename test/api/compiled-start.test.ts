// `npm run build` makes a service that runs as `npm start` does (the Dockerfile runs it): what the compiled code
// reads besides its JavaScript (the embedded servers' wire definitions, the projections) is in dist/ with it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { getJson } from '../support/http.js';
import { listeningLine, startServiceProcess, waitForOutput } from '../support/service-process.js';

const run = promisify(execFile);

describe('the compiled service', function () {
  this.timeout(180_000);

  it('when built with npm run build, then node dist/src/main.js starts on the embedded servers, is ready, and stops with exit 0', async () => {
    await run('npm', ['run', '-s', 'build'], { env: process.env });
    const { child, output, exited } = startServiceProcess(
      { PORT: '0', LOG_LEVEL: 'info', EMBEDDED_DATA_DIR: 'memory' },
      ['dist/src/main.js'],
    );
    try {
      const [, url] = await waitForOutput(output, listeningLine, 60_000);
      // Listening comes after the projections were deployed from dist/projections.
      expect(output()).to.include('projection concert-sales created');
      expect((await getJson(`${url}/ready`)).status).to.equal(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
  });
});

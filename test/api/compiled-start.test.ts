// `npm run build` makes a service that runs as `npm start` does (the Dockerfile runs it): what the compiled code
// reads besides its JavaScript (the embedded servers' wire definitions, the projections) is in dist/ with it.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { getJson } from '../support/http.js';

const run = promisify(execFile);

describe('the compiled service', function () {
  this.timeout(180_000);

  it('when built with npm run build, then node dist/src/main.js starts on the embedded servers, is ready, and stops with exit 0', async () => {
    await run('npm', ['run', '-s', 'build'], { env: process.env });
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        EMBEDDED_DATA_DIR: 'memory',
        EVENTSTORE_CONNECTION_STRING: '',
        MONGODB_URI: '',
        AUTH_JWT_SECRET: '',
        AUTH_JWKS_URL: '',
        PAYMENT_WEBHOOK_SECRET: '',
        OPERATOR_TOKEN: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const started = Date.now();
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
          const failed = !match && (child.exitCode !== null || Date.now() - started > 60_000);
          if (match || failed) clearInterval(timer);
          if (match) resolve(match[1]!);
          if (failed) reject(new Error(`the compiled service did not start:\n${output}`));
        }, 100);
      });
      // Listening comes after the projections were deployed from dist/projections.
      expect(output).to.include('projection concert-sales created');
      expect((await getJson(`${url}/ready`)).status).to.equal(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
  });
});

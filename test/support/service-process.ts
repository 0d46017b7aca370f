// The service as a process of its own (`npm start`, or the compiled `node dist/src/main.js`): started with the
// environment a spec names, its output collected, and a wait for a line of it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServiceProcess {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

/** `npm start` as its script runs it. */
export const npmStartEntry = ['--import', 'tsx', 'src/main.ts'];

/** The line the service logs once it listens: its URL. */
export const listeningLine = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/;

export function startServiceProcess(
  env: Record<string, string>,
  entry: readonly string[] = npmStartEntry,
): ServiceProcess {
  const child = spawn(process.execPath, [...entry], {
    // Empty counts as unset: whatever the test runner's environment holds, each test says what it sets.
    env: {
      ...process.env,
      EVENTSTORE_CONNECTION_STRING: '',
      MONGODB_URI: '',
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: '',
      PAYMENT_WEBHOOK_SECRET: '',
      OPERATOR_TOKEN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in output:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

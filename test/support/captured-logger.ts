// A logger as the service makes it (JSON lines), whose lines the test can read back, parsed.
import { Writable } from 'node:stream';
import type { Logger } from 'winston';
import { createLogger } from '../../src/logger.js';

export function capturedLogger(level = 'info'): { lines: Record<string, unknown>[]; logger: Logger } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level, pretty: false, stream }) };
}

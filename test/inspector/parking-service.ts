// Starts the service so that a spec can park a payment on purpose: appends to one chosen stream are refused until
// let through, and the payment step parks its message after one quick retry instead of the usual ten.
import { startTestService, type TestService } from '../support/service.js';

/** A store refusing writes to one stream at a time, as the spec says. */
export interface WriteRefusal {
  /** Appends to `stream` fail from now on (the payment step's, to park its message). */
  refuse(stream: string): void;
  /** Every append goes through again (before a parked message is replayed). */
  allow(): void;
}

export async function startServiceThatParks(): Promise<{ service: TestService; writes: WriteRefusal }> {
  let refusedStream: string | undefined;
  const service = await startTestService({
    dependencies: {
      processes: {
        maxRetryCount: 1,
        backoff: { initialMs: 10, maxMs: 20 },
      },
    },
    faults: {
      beforeAppend: (stream) => {
        if (stream === refusedStream) throw new Error('event store refuses writes to this stream');
      },
    },
  });
  const writes: WriteRefusal = {
    refuse: (stream) => {
      refusedStream = stream;
    },
    allow: () => {
      refusedStream = undefined;
    },
  };
  return { service, writes };
}

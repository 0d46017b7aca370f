// Per-request (or per-message) context carried through async calls, so every log line can name its request.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId?: string;
  readonly correlationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(context: RequestContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentContext(): RequestContext {
  return storage.getStore() ?? {};
}

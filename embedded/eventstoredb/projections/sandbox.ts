// A node:vm context that holds one projection: its query runs there, and every call into it has a time limit.
import vm from 'node:vm';
import { asynchronousConstruct } from './query-check.js';
import { SANDBOX_RUNTIME } from './sandbox-runtime.js';

/** What a call into the sandbox answers: the runtime's envelope, or the reason it failed. */
export type SandboxReply =
  | { readonly ok: true; readonly value: unknown; readonly outputs: unknown[]; readonly logs: string[] }
  | { readonly ok: false; readonly error: string; readonly logs: string[] };

type RuntimeMethod =
  'describe' | 'processBatch' | 'deleted' | 'state' | 'result' | 'partitions' | 'snapshot' | 'restore' | 'reset';

const runtimeScript = new vm.Script(SANDBOX_RUNTIME, { filename: 'projection-runtime.js' });
// The built-ins that hand out promises by name; with code generation off and asynchronous syntax refused
// (query-check.ts), a query has no other way to make one.
const withoutPromises = new vm.Script(
  'delete globalThis.Promise; delete globalThis.Atomics; delete globalThis.WebAssembly;',
);
// One compiled call per method: arguments travel as strings in context globals, so no host object enters the sandbox.
const callScripts = new Map<RuntimeMethod, vm.Script>(
  (
    ['describe', 'processBatch', 'deleted', 'state', 'result', 'partitions', 'snapshot', 'restore', 'reset'] as const
  ).map((method) => [method, new vm.Script(`__runtime.${method}(globalThis.__a, globalThis.__b)`)]),
);

/**
 * The watchdog on each call into the context. Handlers are measured against the limit inside the sandbox; the
 * watchdog only interrupts code that never returns, and is generous because a thread-based timer fires spuriously
 * on a loaded machine when it is as short as the limit itself.
 */
export const watchdogMs = (limitMs: number): number => 2 * limitMs + 1000;

export class Sandbox {
  private readonly context: vm.Context;
  private readonly watchdogMs: number;

  /** Evaluates the runtime and then the query; a query that throws or loops is reported, not thrown. */
  constructor(
    query: string,
    private readonly timeoutMs: number,
    projectionName: string,
  ) {
    // 'afterEvaluate' keeps any promise job inside the timed call; none should exist (see query-check.ts).
    this.context = vm.createContext(Object.create(null), {
      name: `projection ${projectionName}`,
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    this.watchdogMs = watchdogMs(timeoutMs);
    this.context.__limitMs = timeoutMs;
    runtimeScript.runInContext(this.context);
    withoutPromises.runInContext(this.context);
    const asynchronous = asynchronousConstruct(query);
    this.queryError =
      asynchronous === null
        ? this.evaluateQuery(query, projectionName)
        : `Projection handlers run synchronously: the query may not use ${asynchronous}`;
  }

  /** Why the query could not be evaluated, or null when it was. */
  readonly queryError: string | null;

  call(method: Exclude<RuntimeMethod, 'processBatch'>, first?: string, second?: string | boolean): SandboxReply {
    return this.run(method, first, second) as SandboxReply;
  }

  /**
   * Processes events in order; the replies cover a prefix of them (the rest wait for the next call). The events come
   * as `header`, a JSON array of [streamId, sequenceNumber, eventType, eventId, isJson (1 or 0), data length, metadata
   * length] per event, and `texts`, their data and metadata end to end.
   */
  processBatch(header: string, texts: string): SandboxReply[] | Extract<SandboxReply, { ok: false }> {
    const replies = this.run('processBatch', header, texts) as BatchReply[] | Extract<SandboxReply, { ok: false }>;
    return Array.isArray(replies) ? replies.map(fullReply) : replies;
  }

  private run(method: RuntimeMethod, first?: string, second?: string | boolean): unknown {
    this.context.__a = first;
    this.context.__b = second;
    try {
      const script = callScripts.get(method);
      if (script === undefined) throw new Error(`unknown runtime method ${method}`);
      const reply: unknown = script.runInContext(this.context, { timeout: this.watchdogMs });
      return JSON.parse(String(reply));
    } catch (error) {
      return { ok: false, error: describeThrown(error, this.timeoutMs), logs: [] };
    } finally {
      this.context.__a = undefined;
      this.context.__b = undefined;
    }
  }

  private evaluateQuery(query: string, projectionName: string): string | null {
    try {
      new vm.Script(query, { filename: `${projectionName}.js` }).runInContext(this.context, {
        timeout: this.watchdogMs,
      });
      return null;
    } catch (error) {
      return describeThrown(error, this.timeoutMs);
    }
  }
}

/** The runtime's reply per event of a batch: 0 when skipped, the partition when handled, both with neither outputs nor logs. */
type BatchReply = 0 | string | SandboxReply;

const noOutputs: unknown[] = [];
const noLogs: string[] = [];

function fullReply(reply: BatchReply): SandboxReply {
  if (reply === 0) return { ok: true, value: { handled: false }, outputs: noOutputs, logs: noLogs };
  if (typeof reply === 'string')
    return { ok: true, value: { handled: true, partition: reply }, outputs: noOutputs, logs: noLogs };
  return reply;
}

// Errors thrown inside the context come from another realm: `instanceof Error` is false, so read them structurally.
function describeThrown(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return `Handler ran longer than its time limit of ${timeoutMs} ms`;
  const message = (error as { message?: unknown } | null)?.message;
  return message === undefined ? String(error) : String(message);
}

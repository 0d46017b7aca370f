// Writes a server stream with backpressure: when the transport is full, wait for 'drain' instead of buffering.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../plugin.js';

type WritableCall<T> = grpc.ServerWritableStream<unknown, T> | grpc.ServerDuplexStream<unknown, T>;

/**
 * Messages that may wait in the call's buffer. grpc-js says "full" at 16; waiting for 'drain' that
 * often costs a round trip per 16 events, so a slightly deeper (still fixed) buffer is allowed.
 */
export const MAX_BUFFERED_MESSAGES = 256;

export class ResponseWriter<T> {
  private open = true;
  private readonly closeListeners = new Set<() => void>();

  constructor(
    private readonly call: WritableCall<T>,
    private readonly logger: Logger,
  ) {
    const close = (): void => this.markClosed();
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', (error: Error) => {
      this.logger('debug', 'response stream failed', { error: error.message });
      close();
    });
  }

  get isOpen(): boolean {
    return this.open && !this.call.cancelled;
  }

  /** Calls `listener` once when the client goes away or the stream is ended. */
  onClose(listener: () => void): void {
    if (!this.open) listener();
    else this.closeListeners.add(listener);
  }

  /**
   * Writes one message. True, at once, while more may be written (no promise per message on the hot
   * path); otherwise a promise of whether the stream is still open once the transport has drained.
   */
  write(message: T): boolean | Promise<boolean> {
    if (!this.isOpen) return false;
    if (this.call.write(message) || this.call.writableLength < MAX_BUFFERED_MESSAGES) return true;
    return new Promise<boolean>((resolve) => {
      const done = (): void => {
        this.call.off('drain', done);
        this.closeListeners.delete(done);
        resolve(this.isOpen);
      };
      this.call.once('drain', done);
      this.closeListeners.add(done);
    });
  }

  end(): void {
    if (!this.open) return;
    this.call.end();
    this.markClosed();
  }

  /** Ends the call with an error status (and its trailers). */
  fail(error: grpc.ServiceError): void {
    if (!this.open) return;
    this.markClosed();
    this.call.emit('error', error);
  }

  private markClosed(): void {
    if (!this.open) return;
    this.open = false;
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const listener of listeners) listener();
  }
}

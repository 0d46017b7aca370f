// The bidirectional Read call: options → confirmation, then events out and acks / nacks in, until either side ends.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../plugin.js';
import { fromUuid } from '../grpc/convert.js';
import type { UuidFormat } from '../grpc/eventEncoding.js';
import type { Consumer } from './consumer.js';
import { PersistentSubscriptionError, toServiceError } from './errors.js';
import type { NackAction, SubscriptionGroup } from './group.js';
import { pb, type ReadReq, type ReadResp } from './proto.js';
import type { GroupRegistry } from './registry.js';
import { sourceOf } from './requests.js';
import { encodeEventResponse } from './event-encoding.js';
import { isDecodedAck, type DecodedAck } from './read-request.js';
import { confirmationResponse } from './wire.js';

const nackActions: Record<number, NackAction> = {
  [pb.ReadReq.Nack.Action.UNKNOWN]: 'retry',
  [pb.ReadReq.Nack.Action.PARK]: 'park',
  [pb.ReadReq.Nack.Action.RETRY]: 'retry',
  [pb.ReadReq.Nack.Action.SKIP]: 'skip',
  [pb.ReadReq.Nack.Action.STOP]: 'stop',
};

export function handleRead(
  registry: GroupRegistry,
  call: grpc.ServerDuplexStream<ReadReq | DecodedAck, ReadResp | Buffer>,
  logger: Logger,
): void {
  let group: SubscriptionGroup | undefined;
  let consumer: Consumer | undefined;
  let ended = false;

  const leave = (): void => {
    if (ended) return;
    ended = true;
    if (group && consumer) group.disconnect(consumer);
  };

  const fail = (error: unknown): void => {
    if (ended) return;
    ended = true;
    if (group && consumer) group.disconnect(consumer);
    call.emit('error', toServiceError(error));
  };

  const subscribe = (options: InstanceType<typeof pb.ReadReq.Options> | undefined): void => {
    const stream = sourceOf(options);
    const found = registry.find(stream, options?.getGroupName() ?? '');
    const connectionName = call.metadata.get('connection-name')[0];
    const format: UuidFormat = options?.getUuidOption()?.hasStructured() ? 'structured' : 'string';
    const joined = found.connect(
      {
        from: call.getPeer(),
        connectionName: typeof connectionName === 'string' ? connectionName : '',
        deliver: (message) => {
          if (!ended) call.write(encodeEventResponse(message, format));
        },
        drop: fail,
      },
      options?.getBufferSize() ?? 10,
    );
    if (joined instanceof PersistentSubscriptionError) throw joined;
    group = found;
    consumer = joined;
    call.write(confirmationResponse(found.key));
  };

  call.on('data', (request: ReadReq | DecodedAck) => {
    try {
      if (isDecodedAck(request)) {
        group?.ack(request.ackIds);
        return;
      }
      switch (request.getContentCase()) {
        case pb.ReadReq.ContentCase.OPTIONS:
          if (!consumer) subscribe(request.getOptions());
          return;
        case pb.ReadReq.ContentCase.ACK:
          group?.ack((request.getAck()?.getIdsList() ?? []).map(fromUuid));
          return;
        case pb.ReadReq.ContentCase.NACK: {
          const nack = request.getNack();
          const action = nackActions[nack?.getAction() ?? 0] ?? 'retry';
          group?.nack((nack?.getIdsList() ?? []).map(fromUuid), action, nack?.getReason() ?? '');
          return;
        }
        default:
          return;
      }
    } catch (error) {
      logger('debug', 'persistent subscription read refused', { error: String(error) });
      fail(error);
    }
  });
  call.on('cancelled', leave);
  call.on('error', leave);
  call.on('end', () => {
    leave();
    call.end();
  });
}

// Conversions between the group's state and the protobuf messages of the PersistentSubscriptions service.
import type { RecordedEvent } from '../store/types.js';
import { streamIdentifier, toUuid } from '../grpc/convert.js';
import { formatPosition, formatStartFrom, sourceName } from './definition.js';
import type { SubscriptionGroup } from './group.js';
import type { Message } from './message.js';
import { pb } from './proto.js';

type WireRecorded = InstanceType<typeof pb.ReadResp.ReadEvent.RecordedEvent>;

/** How the consumer asked for event ids in its options (6.2.1 always asks for strings). */
export type UuidFormat = 'string' | 'structured';

function toRecorded(event: RecordedEvent, format: UuidFormat): WireRecorded {
  const recorded = new pb.ReadResp.ReadEvent.RecordedEvent()
    .setId(toUuid(event.id, format))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.created.toString());
  return recorded;
}

export function eventResponse(message: Message, format: UuidFormat): InstanceType<typeof pb.ReadResp> {
  const readEvent = new pb.ReadResp.ReadEvent()
    .setCommitPosition(message.resolved.position.toString())
    .setRetryCount(message.retryCount);
  if (message.resolved.event) readEvent.setEvent(toRecorded(message.resolved.event, format));
  if (message.resolved.link) readEvent.setLink(toRecorded(message.resolved.link, format));
  if (!message.resolved.event && !message.resolved.link) readEvent.setEvent(toRecorded(message.original, format));
  return new pb.ReadResp().setEvent(readEvent);
}

export function confirmationResponse(subscriptionId: string): InstanceType<typeof pb.ReadResp> {
  const confirmation = new pb.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId);
  return new pb.ReadResp().setSubscriptionConfirmation(confirmation);
}

/** The info message; the per-second figures cover the time since the previous info call. */
export function subscriptionInfo(group: SubscriptionGroup): InstanceType<typeof pb.SubscriptionInfo> {
  const { source, startFrom, settings: s } = group.definition;
  const seconds = group.measure();
  const lastKnown = group.lastKnownKey();
  const counts = group.counts;
  const info = new pb.SubscriptionInfo()
    .setEventSource(sourceName(source))
    .setGroupName(group.definition.group)
    .setStatus(group.status)
    .setAveragePerSecond(Math.round(group.countSinceLastMeasurement / seconds))
    .setTotalItems(group.totalItems.toString())
    .setCountSinceLastMeasurement(group.countSinceLastMeasurement.toString())
    .setLastCheckpointedEventPosition(group.lastCheckpoint)
    .setLastKnownEventPosition(lastKnown === undefined ? '' : formatPosition(source, lastKnown))
    .setResolveLinkTos(s.resolveLinkTos)
    .setStartFrom(formatStartFrom(source, startFrom))
    .setMessageTimeoutMilliseconds(s.messageTimeoutMs)
    .setExtraStatistics(s.extraStatistics)
    .setMaxRetryCount(s.maxRetryCount)
    .setLiveBufferSize(s.liveBufferSize)
    .setBufferSize(s.historyBufferSize)
    .setReadBatchSize(s.readBatchSize)
    .setCheckPointAfterMilliseconds(s.checkPointAfterMs)
    .setMinCheckPointCount(s.minCheckPointCount)
    .setMaxCheckPointCount(s.maxCheckPointCount)
    .setReadBufferCount(counts.ready)
    .setLiveBufferCount('0')
    .setRetryBufferCount(counts.retry)
    .setTotalInFlightMessages(counts.inFlight)
    .setOutstandingMessagesCount(counts.inFlight)
    .setNamedConsumerStrategy(s.strategy)
    .setMaxSubscriberCount(s.maxSubscriberCount)
    .setParkedMessageCount(group.streams.parkedCount().toString());
  for (const consumer of group.consumerList) {
    info.addConnections(
      new pb.SubscriptionInfo.ConnectionInfo()
        .setFrom(consumer.connection.from)
        .setUsername('')
        .setAverageItemsPerSecond(Math.round(consumer.countSinceLastMeasurement / seconds))
        .setTotalItems(consumer.totalItems.toString())
        .setCountSinceLastMeasurement(consumer.countSinceLastMeasurement.toString())
        .setAvailableSlots(consumer.bufferSize - consumer.inFlight.size)
        .setInFlightMessages(consumer.inFlight.size)
        .setConnectionName(consumer.connection.connectionName),
    );
    consumer.countSinceLastMeasurement = 0;
  }
  group.countSinceLastMeasurement = 0;
  return info;
}

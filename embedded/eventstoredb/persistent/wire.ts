// Conversions between the group's state and the protobuf messages of the PersistentSubscriptions service.
import { formatPosition, formatStartFrom, sourceName } from './definition.js';
import type { SubscriptionGroup } from './group.js';
import { pb } from './proto.js';

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
        .setAvailableSlots(consumer.bufferSize - consumer.held)
        .setInFlightMessages(consumer.held)
        .setConnectionName(consumer.connection.connectionName),
    );
    consumer.countSinceLastMeasurement = 0;
  }
  group.countSinceLastMeasurement = 0;
  return info;
}

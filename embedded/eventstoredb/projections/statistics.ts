// A projection's figures in the shape of `StatisticsResp.Details`, which the client maps to its ProjectionDetails.
import type { ProjectionSummary } from './manager.js';
import { pb } from './proto.js';

// EventStoreDB writes positions of $all as `C:<commit>/P:<prepare>`; in this log both are the same number.
const positionText = (position: bigint): string => (position < 0n ? '' : `C:${position}/P:${position}`);

export function toDetails(summary: ProjectionSummary): InstanceType<typeof pb.StatisticsResp.Details> {
  return new pb.StatisticsResp.Details()
    .setName(summary.name)
    .setEffectivename(summary.name)
    .setMode('Continuous')
    .setStatus(summary.status)
    .setStatereason(summary.stateReason)
    .setVersion(String(summary.version))
    .setEpoch(String(summary.epoch))
    .setPosition(positionText(summary.position))
    .setLastcheckpoint(positionText(summary.lastCheckpoint))
    .setProgress(summary.progress)
    .setEventsprocessedafterrestart(String(summary.eventsProcessedAfterRestart))
    .setCoreprocessingtime(String(summary.coreProcessingTimeMs))
    .setPartitionscached(summary.partitionsCached)
    .setWritesinprogress(summary.writesInProgress)
    .setReadsinprogress(0)
    .setBufferedevents('0')
    .setCheckpointstatus('')
    .setWritependingeventsbeforecheckpoint(summary.writesInProgress)
    .setWritependingeventsaftercheckpoint(0);
}

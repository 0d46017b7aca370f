// The Projections gRPC service of the embedded server: management calls translated to the ProjectionManager.
import * as grpc from '@grpc/grpc-js';
import { rpcError } from '../grpc/errors.js';
import { sharedPb } from '../grpc/protocol.js';
import { unaryAdapter } from '../grpc/unary.js';
import type { EmbeddedServiceFactory } from '../plugin.js';
import { ProjectionError, type ProjectionErrorCode } from './errors.js';
import { ProjectionManager, type ManagerOptions } from './manager.js';
import { pb, ProjectionsService, toValue } from './proto.js';
import { toDetails } from './statistics.js';

const statusOf: Record<ProjectionErrorCode, grpc.status> = {
  InvalidQuery: grpc.status.INVALID_ARGUMENT,
  InvalidArgument: grpc.status.INVALID_ARGUMENT,
  ProjectionNotFound: grpc.status.NOT_FOUND,
  ProjectionExists: grpc.status.ALREADY_EXISTS,
  ProjectionNotStopped: grpc.status.FAILED_PRECONDITION,
  OperationFailed: grpc.status.FAILED_PRECONDITION,
};

function toServiceError(error: unknown): grpc.ServiceError {
  if (error instanceof ProjectionError) return rpcError(statusOf[error.code], undefined, error.message);
  return rpcError(grpc.status.INTERNAL, undefined, error instanceof Error ? error.message : String(error));
}

/** A thrown ProjectionError becomes the status the real server answers with. */
const unary = unaryAdapter(toServiceError);

type Options<T> = { getOptions(): T | undefined };
function optionsOf<T>(request: Options<T>): T {
  const options = request.getOptions();
  if (options === undefined) throw new ProjectionError('InvalidArgument', 'The request has no options');
  return options;
}

/** The factory registered in server.ts; `options` lets tests shorten the handler time limit or checkpoint delay. */
export const createProjectionsServiceWith =
  (options: Omit<ManagerOptions, 'logger'> = {}): EmbeddedServiceFactory =>
  (log, { logger, startStandardProjections }) => {
    const manager = new ProjectionManager(log, { startStandardProjections, ...options, logger });

    const implementation = {
      create: unary(async (request: InstanceType<typeof pb.CreateReq>) => {
        const requestOptions = optionsOf(request);
        const continuous = requestOptions.getContinuous();
        if (continuous === undefined) {
          throw new ProjectionError('InvalidArgument', 'Only continuous projections can be created here');
        }
        await manager.create({
          name: continuous.getName(),
          query: requestOptions.getQuery(),
          emitEnabled: continuous.getEmitEnabled(),
          trackEmittedStreams: continuous.getTrackEmittedStreams(),
        });
        return new pb.CreateResp();
      }),
      update: unary(async (request: InstanceType<typeof pb.UpdateReq>) => {
        const requestOptions = optionsOf(request);
        const emitEnabled = requestOptions.hasEmitEnabled() ? requestOptions.getEmitEnabled() : undefined;
        await manager.update(requestOptions.getName(), requestOptions.getQuery(), emitEnabled);
        return new pb.UpdateResp();
      }),
      delete: unary(async (request: InstanceType<typeof pb.DeleteReq>) => {
        const requestOptions = optionsOf(request);
        await manager.delete(requestOptions.getName(), {
          deleteEmittedStreams: requestOptions.getDeleteEmittedStreams(),
          deleteStateStream: requestOptions.getDeleteStateStream(),
          deleteCheckpointStream: requestOptions.getDeleteCheckpointStream(),
        });
        return new pb.DeleteResp();
      }),
      enable: unary(async (request: InstanceType<typeof pb.EnableReq>) => {
        await manager.enable(optionsOf(request).getName());
        return new pb.EnableResp();
      }),
      disable: unary(async (request: InstanceType<typeof pb.DisableReq>) => {
        const requestOptions = optionsOf(request);
        await manager.disable(requestOptions.getName(), requestOptions.getWriteCheckpoint());
        return new pb.DisableResp();
      }),
      reset: unary(async (request: InstanceType<typeof pb.ResetReq>) => {
        await manager.reset(optionsOf(request).getName());
        return new pb.ResetResp();
      }),
      state: unary((request: InstanceType<typeof pb.StateReq>) => {
        const requestOptions = optionsOf(request);
        return new pb.StateResp().setState(
          toValue(manager.state(requestOptions.getName(), requestOptions.getPartition())),
        );
      }),
      result: unary((request: InstanceType<typeof pb.ResultReq>) => {
        const requestOptions = optionsOf(request);
        return new pb.ResultResp().setResult(
          toValue(manager.result(requestOptions.getName(), requestOptions.getPartition())),
        );
      }),
      statistics: (
        call: grpc.ServerWritableStream<InstanceType<typeof pb.StatisticsReq>, InstanceType<typeof pb.StatisticsResp>>,
      ) => {
        try {
          const requestOptions = optionsOf(call.request);
          // Only continuous projections exist here, so "all" and "continuous" list the same ones.
          const names = requestOptions.hasName()
            ? [requestOptions.getName()]
            : requestOptions.hasAll() || requestOptions.hasContinuous()
              ? manager.names()
              : [];
          const details = names.map((name) => toDetails(manager.summary(name)));
          for (const detail of details) call.write(new pb.StatisticsResp().setDetails(detail));
          call.end();
        } catch (error) {
          call.emit('error', toServiceError(error));
        }
      },
      restartSubsystem: unary(async () => {
        await manager.restart();
        return new sharedPb.Empty();
      }),
    };

    return {
      definition: ProjectionsService,
      implementation,
      features: { create: ['track_emitted_streams'] },
      start: () => manager.start(),
      stop: () => manager.stop(),
    };
  };

export const createProjectionsService: EmbeddedServiceFactory = createProjectionsServiceWith();

// The generated protobuf classes of the Projections service, loaded once from the client package (CommonJS) for ESM code.
import projectionsPb from '@eventstore/db-client/generated/projections_pb.js';
import projectionsGrpc from '@eventstore/db-client/generated/projections_grpc_pb.js';
import structPb from 'google-protobuf/google/protobuf/struct_pb.js';

export const pb = projectionsPb;
export const ProjectionsService = projectionsGrpc.ProjectionsService;

/** A JSON value as `google.protobuf.Value`, the type state and result travel as. */
export function toValue(value: unknown): structPb.Value {
  return structPb.Value.fromJavaScript((value ?? null) as structPb.JavaScriptValue);
}

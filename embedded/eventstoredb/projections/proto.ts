// The messages and service definition of the Projections service, from the server's own protocol descriptor.
import type * as ProjectionsGrpc from '@eventstore/db-client/generated/projections_grpc_pb.js';
import type * as ProjectionsPb from '@eventstore/db-client/generated/projections_pb.js';
import type * as StructPb from 'google-protobuf/google/protobuf/struct_pb.js';
import { messagesOf, serviceDefinition } from '../grpc/messages.js';

export const pb = messagesOf('event_store.client.projections') as unknown as typeof ProjectionsPb;
export const ProjectionsService = (
  {
    ProjectionsService: serviceDefinition('event_store.client.projections.Projections'),
  } as unknown as typeof ProjectionsGrpc
).ProjectionsService;

const struct = messagesOf('google.protobuf') as unknown as typeof StructPb;

/** A JSON value as `google.protobuf.Value`, the type state and result travel as. */
export function toValue(value: unknown): StructPb.Value {
  const result = new struct.Value();
  if (value === null || value === undefined) return result.setNullValue(struct.NullValue.NULL_VALUE);
  if (typeof value === 'number') return result.setNumberValue(value);
  if (typeof value === 'string') return result.setStringValue(value);
  if (typeof value === 'boolean') return result.setBoolValue(value);
  if (Array.isArray(value)) return result.setListValue(new struct.ListValue().setValuesList(value.map(toValue)));
  if (typeof value === 'object') {
    const fields = new struct.Struct();
    for (const [key, item] of Object.entries(value))
      if (item !== undefined) fields.getFieldsMap().set(key, toValue(item));
    return result.setStructValue(fields);
  }
  return result.setStringValue(String(value));
}

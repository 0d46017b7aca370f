// Adapts async handlers to grpc-js unary calls: a thrown error becomes, through the service's own mapping, the
// status (and trailers) the client expects; a handler may answer synchronously or with a promise.
import type * as grpc from '@grpc/grpc-js';

export function unaryAdapter(toServiceError: (error: unknown) => Partial<grpc.ServiceError>) {
  return <Req, Res>(handler: (request: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => handler(call.request))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toServiceError(error)),
        );
    };
}

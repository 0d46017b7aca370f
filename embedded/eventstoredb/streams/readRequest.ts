// Parses a Streams.Read request into what to read: source, direction, count or subscription, filter, id format.
import { streamsPb } from '../grpc/protocol.js';
import { invalidArgument } from '../grpc/errors.js';
import { streamName } from '../grpc/convert.js';
import { parseFilter, type EventFilter } from './filter.js';
import type { Direction, ReadFrom } from '../store/types.js';

export type ReadSource =
  | { readonly kind: 'stream'; readonly stream: string; readonly from: ReadFrom }
  /** `from` is a commit position. */
  | { readonly kind: 'all'; readonly from: ReadFrom };

export interface ReadRequest {
  readonly source: ReadSource;
  readonly direction: Direction;
  readonly resolveLinks: boolean;
  /** Undefined for a subscription. */
  readonly count: number | undefined;
  readonly filter: EventFilter | undefined;
  readonly uuidFormat: 'string' | 'structured';
}

const Options = streamsPb.ReadReq.Options;

export function parseReadRequest(request: InstanceType<typeof streamsPb.ReadReq>): ReadRequest {
  const options = request.getOptions();
  if (!options) throw invalidArgument('Read needs options.');
  const source = parseSource(options);
  const subscription = options.getCountOptionCase() === Options.CountOptionCase.SUBSCRIPTION;
  const filterOptions = options.getFilter();
  if (filterOptions && source.kind === 'stream') throw invalidArgument('Filters apply to $all only.');
  return {
    source,
    direction: options.getReadDirection() === Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards',
    resolveLinks: options.getResolveLinks(),
    count: subscription ? undefined : parseCount(options.getCount()),
    filter: filterOptions ? parseFilter(filterOptions) : undefined,
    uuidFormat: options.getUuidOption()?.hasStructured() ? 'structured' : 'string',
  };
}

function parseCount(text: string): number {
  const count = BigInt(text || '0');
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function parseSource(options: InstanceType<typeof streamsPb.ReadReq.Options>): ReadSource {
  const stream = options.getStream();
  if (stream) {
    const name = streamName(stream.getStreamIdentifier());
    if (!name) throw invalidArgument('The stream name must not be empty.');
    if (stream.hasStart()) return { kind: 'stream', stream: name, from: 'start' };
    if (stream.hasEnd()) return { kind: 'stream', stream: name, from: 'end' };
    return { kind: 'stream', stream: name, from: BigInt(stream.getRevision() || '0') };
  }
  const all = options.getAll();
  if (!all) throw invalidArgument('Read needs a stream or $all.');
  if (all.hasStart()) return { kind: 'all', from: 'start' };
  if (all.hasEnd()) return { kind: 'all', from: 'end' };
  return { kind: 'all', from: BigInt(all.getPosition()?.getCommitPosition() || '0') };
}

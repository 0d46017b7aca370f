// Reads the Create / Update requests into a group definition, refusing what the real server refuses.
import { streamName } from '../grpc/convert.js';
import { ALL, type GroupDefinition, type GroupSource, type StartFrom } from './definition.js';
import { groupFailed, invalidRequest } from './errors.js';
import type { AllFilter } from './filter.js';
import { pb, type CreateReq, type UpdateReq } from './proto.js';
import { settingsFromWire } from './settings.js';

/** The largest UInt64: how the client spells END for a stream in the deprecated revision field. */
const END_REVISION = '18446744073709551615';

type Position = InstanceType<typeof pb.CreateReq.Position> | InstanceType<typeof pb.UpdateReq.Position>;
type Expression = InstanceType<typeof pb.CreateReq.AllOptions.FilterOptions.Expression>;

function revisionStart(revision: string): StartFrom {
  if (revision === END_REVISION) return 'end';
  const value = BigInt(revision === '' ? '0' : revision);
  return value === 0n ? 'start' : value;
}

function positionStart(position: Position | undefined, stream: string, group: string): StartFrom {
  const commit = BigInt(position?.getCommitPosition() || '0');
  const prepare = BigInt(position?.getPreparePosition() || '0');
  if (prepare > commit) {
    throw groupFailed(
      stream,
      group,
      'Invalid Start From position: prepare position must be less than or equal to the commit position.',
    );
  }
  return commit === 0n ? 'start' : commit;
}

function filterFrom(options: InstanceType<typeof pb.CreateReq.AllOptions>): AllFilter | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter();
  const expression: Expression | undefined = filter?.hasEventType()
    ? filter.getEventType()
    : filter?.getStreamIdentifier();
  return {
    on: filter?.hasEventType() ? 'eventType' : 'streamName',
    prefixes: expression?.getPrefixList() ?? [],
    regex: expression?.getRegex() ?? '',
  };
}

/** Stream-or-all, group and start: shared by Create and Update, whose option messages mirror each other. */
function target(
  options: NonNullable<ReturnType<CreateReq['getOptions']>> | NonNullable<ReturnType<UpdateReq['getOptions']>>,
): {
  source: GroupSource;
  startFrom: StartFrom;
} {
  const group = options.getGroupName();
  const revision = options.getSettings()?.getRevision() ?? '';
  if (options.hasAll()) {
    const all = options.getAll();
    const source: GroupSource =
      all instanceof pb.CreateReq.AllOptions ? { kind: 'all', filter: filterFrom(all) } : { kind: 'all' };
    const startFrom = all?.hasStart()
      ? 'start'
      : all?.hasPosition()
        ? positionStart(all.getPosition(), ALL, group)
        : 'end';
    return { source, startFrom };
  }
  if (options.hasStream()) {
    const stream = options.getStream();
    const startFrom = stream?.hasStart()
      ? 'start'
      : stream?.hasEnd()
        ? 'end'
        : revisionStart(stream?.getRevision() ?? '0');
    return { source: { kind: 'stream', stream: streamName(stream?.getStreamIdentifier()) }, startFrom };
  }
  // Clients before 21.10 (and 6.2.1 for streams) send the deprecated identifier and `settings.revision`.
  return {
    source: { kind: 'stream', stream: streamName(options.getStreamIdentifier()) },
    startFrom: revisionStart(revision),
  };
}

export function definitionFrom(request: CreateReq | UpdateReq): GroupDefinition {
  const options = request.getOptions();
  if (!options) throw invalidRequest('Options are required.');
  const group = options.getGroupName();
  const { source, startFrom } = target(options);
  const settings = settingsFromWire(options.getSettings());
  const stream = source.kind === 'all' ? ALL : source.stream;
  if ('error' in settings) throw groupFailed(stream, group, settings.error);
  if (group === '') throw groupFailed(stream, group, 'Group name is required.');
  return { source, group, startFrom, settings };
}

/** Stream name of the many requests that carry `stream_identifier` or `all`. */
export function sourceOf(
  options: { hasAll(): boolean; getStreamIdentifier(): Parameters<typeof streamName>[0] } | undefined,
): string {
  if (!options) throw invalidRequest('Options are required.');
  return options.hasAll() ? ALL : streamName(options.getStreamIdentifier());
}

// Embedded server: the hand-written encoder of delivered events produces exactly the bytes the generated jspb classes would.
import { expect } from 'chai';
import { encodeReadEventResponse, type UuidFormat } from '../../embedded/eventstoredb/grpc/eventEncoding.js';
import { persistentPb, sharedPb, streamsPb } from './client-protocol.js';
import type { RecordedEvent } from '../../embedded/eventstoredb/store/types.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function event(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    streamId: 'booking-1',
    revision: 3n,
    position: 42n,
    id: '8f7d2c1e-9b4a-4e3f-a1b2-c3d4e5f60718',
    type: 'BookingPlaced',
    contentType: 'application/json',
    data: utf8('{"seats":2}'),
    customMetadata: utf8('{"$correlationId":"x"}'),
    created: 17_000_000_000_000_000n,
    ...overrides,
  };
}

/** The reference: the message built with jspb objects, as the server did before the hand encoder. */
function uuid(id: string, format: UuidFormat): InstanceType<typeof sharedPb.UUID> {
  if (format === 'string') return new sharedPb.UUID().setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const structured = new sharedPb.UUID.Structured()
    .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
    .setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  return new sharedPb.UUID().setStructured(structured);
}

type RecordedClass =
  typeof streamsPb.ReadResp.ReadEvent.RecordedEvent | typeof persistentPb.ReadResp.ReadEvent.RecordedEvent;

function recorded(Recorded: RecordedClass, e: RecordedEvent, format: UuidFormat) {
  const message = new Recorded()
    .setId(uuid(e.id, format))
    .setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(utf8(e.streamId)))
    .setStreamRevision(e.revision.toString())
    .setPreparePosition(e.position.toString())
    .setCommitPosition(e.position.toString())
    .setData(e.data)
    .setCustomMetadata(e.customMetadata);
  message.getMetadataMap().set('type', e.type).set('content-type', e.contentType).set('created', e.created.toString());
  return message;
}

function streamsReference(
  shown: RecordedEvent | undefined,
  link: RecordedEvent | undefined,
  position: bigint,
  format: UuidFormat,
): Buffer {
  const Recorded = streamsPb.ReadResp.ReadEvent.RecordedEvent;
  const readEvent = new streamsPb.ReadResp.ReadEvent().setCommitPosition(position.toString());
  if (shown) readEvent.setEvent(recorded(Recorded, shown, format));
  if (link) readEvent.setLink(recorded(Recorded, link, format));
  return Buffer.from(new streamsPb.ReadResp().setEvent(readEvent).serializeBinary());
}

function persistentReference(
  shown: RecordedEvent | undefined,
  link: RecordedEvent | undefined,
  position: bigint,
  format: UuidFormat,
  retryCount: number,
): Buffer {
  const Recorded = persistentPb.ReadResp.ReadEvent.RecordedEvent;
  const readEvent = new persistentPb.ReadResp.ReadEvent()
    .setCommitPosition(position.toString())
    .setRetryCount(retryCount);
  if (shown) readEvent.setEvent(recorded(Recorded, shown, format));
  if (link) readEvent.setLink(recorded(Recorded, link, format));
  return Buffer.from(new persistentPb.ReadResp().setEvent(readEvent).serializeBinary());
}

const link = event({
  streamId: '$ce-booking',
  revision: 0n,
  position: 43n,
  id: '00000000-0000-0000-0000-000000000001',
  type: '$>',
  contentType: 'application/octet-stream',
  data: utf8('3@booking-1'),
  customMetadata: new Uint8Array(0),
});

const cases: Record<string, [RecordedEvent | undefined, RecordedEvent | undefined, bigint]> = {
  'a plain event': [event(), undefined, 42n],
  'a resolved link (event and link)': [event(), link, 43n],
  'a link whose target is gone': [undefined, link, 43n],
  'revision 0, empty data and metadata': [
    event({ revision: 0n, data: new Uint8Array(0), customMetadata: new Uint8Array(0) }),
    undefined,
    1n,
  ],
  'non-ASCII stream name and type': [
    event({ streamId: 'konzert-münchen-🎵', type: 'PlatzReserviert€' }),
    undefined,
    42n,
  ],
  'positions beyond 2^53': [event({ revision: 2n ** 60n, position: 2n ** 63n + 5n }), undefined, 2n ** 63n + 5n],
  'a UUID with a zero half and one with both halves negative': [
    event({ id: '00000000-0000-0000-8000-000000000000' }),
    event({ id: 'ffffffff-ffff-ffff-ffff-fffffffffffe' }),
    7n,
  ],
  'a large event': [event({ data: utf8('x'.repeat(70_000)) }), undefined, 9n],
};

describe('Embedded EventStoreDB: encoding of delivered events', () => {
  for (const format of ['string', 'structured'] as const) {
    for (const [name, [shown, linked, position]] of Object.entries(cases)) {
      it(`when ${name} is encoded for Streams.Read with ${format} ids, then the bytes are those jspb writes`, () => {
        expect(encodeReadEventResponse(shown, linked, position, format)).to.deep.equal(
          streamsReference(shown, linked, position, format),
        );
      });

      it(`when ${name} is encoded for a persistent subscription with ${format} ids, then the bytes are those jspb writes`, () => {
        expect(encodeReadEventResponse(shown, linked, position, format, 2)).to.deep.equal(
          persistentReference(shown, linked, position, format, 2),
        );
        expect(encodeReadEventResponse(shown, linked, position, format, 0)).to.deep.equal(
          persistentReference(shown, linked, position, format, 0),
        );
      });
    }
  }
});

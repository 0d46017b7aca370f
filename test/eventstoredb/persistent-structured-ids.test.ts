// Embedded server: an event appended with a structured UUID (other clients send that form, the Node client never does)
// keeps its id when read back and when delivered by a persistent subscription, in either id form; driven through the generated stubs.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  EventStoreDBClient,
  START,
  persistentSubscriptionToStreamSettingsFromDefaults as settingsFrom,
  type ResolvedEvent,
} from '@eventstore/db-client';
import persistentGrpc from '@eventstore/db-client/generated/persistent_grpc_pb.js';
import { sharedPb, streamIdentifier, streamsGrpc, streamsPb } from './client-protocol.js';
import { fromUuid } from '../../embedded/eventstoredb/grpc/convert.js';
import { persistentPb as pb } from './client-protocol.js';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { eventually, unique } from './persistent-fixture.js';

type StreamsClient = InstanceType<typeof streamsGrpc.StreamsClient>;
type PersistentClient = InstanceType<typeof persistentGrpc.PersistentSubscriptionsClient>;
type Uuid = InstanceType<typeof sharedPb.UUID>;
type PersistentReadResp = InstanceType<typeof pb.ReadResp>;

function structured(id: string): Uuid {
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return new sharedPb.UUID().setStructured(
    new sharedPb.UUID.Structured()
      .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
      .setLeastSignificantBits(bytes.readBigInt64BE(8).toString()),
  );
}

function appendWithStructuredId(client: StreamsClient, stream: string, id: string): Promise<grpc.ServiceError | null> {
  return new Promise((resolve) => {
    const call = client.append((error: grpc.ServiceError | null) => resolve(error));
    const options = new streamsPb.AppendReq.Options()
      .setStreamIdentifier(streamIdentifier(stream))
      .setAny(new sharedPb.Empty());
    call.write(new streamsPb.AppendReq().setOptions(options));
    const message = new streamsPb.AppendReq.ProposedMessage().setId(structured(id)).setData(Buffer.from('{"seats":2}'));
    message.getMetadataMap().set('type', 'SeatsReserved').set('content-type', 'application/json');
    call.write(new streamsPb.AppendReq().setProposedMessage(message));
    call.end();
  });
}

/** The ids of a Streams.Read of the whole stream, asking for structured ids. */
function readStructured(client: StreamsClient, stream: string): Promise<Uuid[]> {
  const Options = streamsPb.ReadReq.Options;
  const options = new Options()
    .setStream(new Options.StreamOptions().setStreamIdentifier(streamIdentifier(stream)).setStart(new sharedPb.Empty()))
    .setCount('10')
    .setNoFilter(new sharedPb.Empty())
    .setUuidOption(new Options.UUIDOption().setStructured(new sharedPb.Empty()));
  return new Promise((resolve, reject) => {
    const ids: Uuid[] = [];
    const call = client.read(new streamsPb.ReadReq().setOptions(options));
    call.on('data', (response: InstanceType<typeof streamsPb.ReadResp>) => {
      const id = response.getEvent()?.getEvent()?.getId();
      if (id) ids.push(id);
    });
    call.on('error', reject);
    call.on('end', () => resolve(ids));
  });
}

describe('Embedded EventStoreDB: events appended with a structured UUID', () => {
  let server: EmbeddedEventStoreDB;
  let client: EventStoreDBClient;
  let streams: StreamsClient;
  let persistent: PersistentClient;
  before(async () => {
    server = await startEventStoreDB();
    client = EventStoreDBClient.connectionString(server.connectionString);
    streams = new streamsGrpc.StreamsClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    persistent = new persistentGrpc.PersistentSubscriptionsClient(
      `127.0.0.1:${server.port}`,
      grpc.credentials.createInsecure(),
    );
  });
  after(async () => {
    streams.close();
    persistent.close();
    await client.dispose();
    await server.stop();
  });

  it('when read back, then the id is the same as a string (Node client) and as a structured UUID', async () => {
    const stream = unique('structured');
    // Both halves negative as signed 64-bit numbers: the form most likely to be mangled.
    const id = `f${randomUUID().slice(1, 19)}f${randomUUID().slice(20)}`;
    expect(await appendWithStructuredId(streams, stream, id)).to.equal(null);

    const read: ResolvedEvent[] = [];
    for await (const event of client.readStream(stream)) read.push(event);
    expect(read[0].event?.id).to.equal(id);
    const [uuid] = await readStructured(streams, stream);
    expect(uuid.hasStructured()).to.equal(true);
    expect(fromUuid(uuid)).to.equal(id);
  });

  it('when a persistent subscription delivers it, then a consumer asking for strings and one asking for structured UUIDs both get its id, and a structured ack settles it', async () => {
    const stream = unique('structured');
    const id = randomUUID();
    expect(await appendWithStructuredId(streams, stream, id)).to.equal(null);
    await client.createPersistentSubscriptionToStream(stream, 'strings', settingsFrom({ startFrom: START }));
    await client.createPersistentSubscriptionToStream(stream, 'structured', settingsFrom({ startFrom: START }));

    const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'strings');
    const delivered = await new Promise<ResolvedEvent>((resolve) => subscription.once('data', resolve));
    expect(delivered.event?.id).to.equal(id);
    await subscription.unsubscribe();

    const call = persistent.read();
    const responses: PersistentReadResp[] = [];
    call.on('data', (response: PersistentReadResp) => responses.push(response));
    call.on('error', () => undefined);
    const options = new pb.ReadReq.Options()
      .setStreamIdentifier(streamIdentifier(stream))
      .setGroupName('structured')
      .setBufferSize(10)
      .setUuidOption(new pb.ReadReq.Options.UUIDOption().setStructured(new sharedPb.Empty()));
    call.write(new pb.ReadReq().setOptions(options));
    const event = await eventually(
      () =>
        responses
          .find((response) => response.hasEvent())
          ?.getEvent()
          ?.getEvent(),
      'a delivery',
    );
    expect(event.getId()?.hasStructured()).to.equal(true);
    expect(fromUuid(event.getId())).to.equal(id);

    call.write(new pb.ReadReq().setAck(new pb.ReadReq.Ack().setIdsList([event.getId() as Uuid])));
    await eventually(async () => {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'structured');
      return info.stats.totalInFlightMessages === 0 ? true : undefined;
    }, 'the structured ack to settle the message');
    call.end();
  });

  it('when a $ce- group resolves its links, then the structured form carries the event id and the link id', async () => {
    const category = `structuredce${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const id = randomUUID();
    await client.createPersistentSubscriptionToStream(
      `$ce-${category}`,
      'g',
      settingsFrom({ startFrom: START, resolveLinkTos: true }),
    );
    expect(await appendWithStructuredId(streams, `${category}-1`, id)).to.equal(null);

    const call = persistent.read();
    const responses: PersistentReadResp[] = [];
    call.on('data', (response: PersistentReadResp) => responses.push(response));
    call.on('error', () => undefined);
    const options = new pb.ReadReq.Options()
      .setStreamIdentifier(streamIdentifier(`$ce-${category}`))
      .setGroupName('g')
      .setBufferSize(10)
      .setUuidOption(new pb.ReadReq.Options.UUIDOption().setStructured(new sharedPb.Empty()));
    call.write(new pb.ReadReq().setOptions(options));
    const readEvent = await eventually(
      () => responses.find((response) => response.hasEvent())?.getEvent(),
      'a delivery',
    );
    expect(fromUuid(readEvent.getEvent()?.getId())).to.equal(id);
    expect(readEvent.getLink()?.getId()?.hasStructured()).to.equal(true);
    expect(readEvent.getLink()?.getMetadataMap().get('type')).to.equal('$>');
    call.end();
  });
});

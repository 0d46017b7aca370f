// Embedded server: protocol paths the Node client never takes (other clients do), exercised with the generated gRPC stubs.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { sharedPb, streamIdentifier, streamsGrpc, streamsPb } from './client-protocol.js';
import { fromUuid } from '../../embedded/eventstoredb/grpc/convert.js';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';

type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type StreamsClient = InstanceType<typeof streamsGrpc.StreamsClient>;

function proposed(metadata: Record<string, string>) {
  const message = new streamsPb.AppendReq.ProposedMessage()
    .setId(new sharedPb.UUID().setString(randomUUID()))
    .setData(Buffer.from('{}'));
  for (const [key, value] of Object.entries(metadata)) message.getMetadataMap().set(key, value);
  return new streamsPb.AppendReq().setProposedMessage(message);
}

function append(client: StreamsClient, stream: string, messages: InstanceType<typeof streamsPb.AppendReq>[]) {
  return new Promise<{ error: grpc.ServiceError | null; response?: InstanceType<typeof streamsPb.AppendResp> }>(
    (resolve) => {
      const call = client.append(
        (error: grpc.ServiceError | null, response?: InstanceType<typeof streamsPb.AppendResp>) =>
          resolve({ error, response }),
      );
      const options = new streamsPb.AppendReq.Options()
        .setStreamIdentifier(streamIdentifier(stream))
        .setAny(new sharedPb.Empty());
      call.write(new streamsPb.AppendReq().setOptions(options));
      for (const message of messages) call.write(message);
      call.end();
    },
  );
}

function read(client: StreamsClient, options: InstanceType<typeof streamsPb.ReadReq.Options>): Promise<ReadResp[]> {
  return new Promise((resolve, reject) => {
    const responses: ReadResp[] = [];
    const call = client.read(new streamsPb.ReadReq().setOptions(options));
    call.on('data', (response: ReadResp) => responses.push(response));
    call.on('error', reject);
    call.on('end', () => resolve(responses));
  });
}

const Options = streamsPb.ReadReq.Options;

describe('Embedded EventStoreDB protocol paths outside the Node client', () => {
  let server: EmbeddedEventStoreDB;
  let client: StreamsClient;
  before(async () => {
    server = await startEventStoreDB();
    client = new streamsGrpc.StreamsClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await server.stop();
  });

  it('when a proposed event has no type key, then missing-required-metadata-property lists both required keys', async () => {
    const { error } = await append(client, 'proto-1', [proposed({ 'content-type': 'application/json' })]);
    expect(error?.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get('exception')).to.deep.equal(['missing-required-metadata-property']);
    expect(error?.metadata.get('required-metadata-properties')).to.deep.equal(['type,content-type']);
  });

  it('when an append starts with an event instead of its options, then that call fails with INVALID_ARGUMENT and the next one works', async () => {
    const error = await new Promise<grpc.ServiceError | null>((resolve) => {
      const call = client.append((failure: grpc.ServiceError | null) => resolve(failure));
      call.write(proposed({ type: 'T', 'content-type': 'application/json' }));
      call.end();
    });
    expect(error?.code).to.equal(grpc.status.INVALID_ARGUMENT);
    const { error: none, response } = await append(client, 'proto-0', [
      proposed({ type: 'T', 'content-type': 'application/json' }),
    ]);
    expect(none).to.equal(null);
    expect(response?.hasSuccess()).to.equal(true);
  });

  it('when a proposed event has no content-type key, then it is refused the same way', async () => {
    const { error } = await append(client, 'proto-2', [proposed({ type: 'T' })]);
    expect(error?.metadata.get('exception')).to.deep.equal(['missing-required-metadata-property']);
  });

  it('when $all is read with a count and an event-type filter, then only matching events count towards it', async () => {
    await append(client, 'proto-3', [
      proposed({ type: 'Wanted', 'content-type': 'application/json' }),
      proposed({ type: 'Other', 'content-type': 'application/json' }),
    ]);
    await append(client, 'proto-3', [proposed({ type: 'Wanted', 'content-type': 'application/json' })]);
    const filter = new Options.FilterOptions()
      .setEventType(new Options.FilterOptions.Expression().setPrefixList(['Want']))
      .setCount(new sharedPb.Empty())
      .setCheckpointintervalmultiplier(1);
    const options = new Options()
      .setAll(new Options.AllOptions().setStart(new sharedPb.Empty()))
      .setReadDirection(Options.ReadDirection.FORWARDS)
      .setCount('2')
      .setFilter(filter)
      .setUuidOption(new Options.UUIDOption().setString(new sharedPb.Empty()));
    const responses = await read(client, options);
    expect(responses.map((r) => r.getEvent()?.getEvent()?.getMetadataMap().get('type'))).to.deep.equal([
      'Wanted',
      'Wanted',
    ]);
  });

  it('when a reader asks for structured UUIDs, then event ids come back in that form and mean the same id', async () => {
    const id = randomUUID();
    const message = proposed({ type: 'T', 'content-type': 'application/json' });
    message.getProposedMessage()?.setId(new sharedPb.UUID().setString(id));
    await append(client, 'proto-4', [message]);
    const options = new Options()
      .setStream(
        new Options.StreamOptions().setStreamIdentifier(streamIdentifier('proto-4')).setStart(new sharedPb.Empty()),
      )
      .setCount('10')
      .setNoFilter(new sharedPb.Empty())
      .setUuidOption(new Options.UUIDOption().setStructured(new sharedPb.Empty()));
    const [response] = await read(client, options);
    const uuid = response.getEvent()?.getEvent()?.getId();
    expect(uuid?.hasStructured()).to.equal(true);
    expect(fromUuid(uuid)).to.equal(id);
  });
});

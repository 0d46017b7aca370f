// Embedded server: what ServerFeatures advertises, which decides how the client talks to it.
import { expect } from 'chai';
import persistentGrpc from '@eventstore/db-client/generated/persistent_grpc_pb.js';
import { streamsGrpc } from './client-protocol.js';
import { SERVER_VERSION, supportedMethods } from '../../embedded/eventstoredb/system/serverFeatures.js';

const listed = (answer: ReturnType<typeof supportedMethods>) =>
  answer.getMethodsList().map((m) => `${m.getServiceName()}/${m.getMethodName()}:${m.getFeaturesList().join(',')}`);

describe('Embedded EventStoreDB server features', () => {
  it('when asked, then it reports a 24.10 server', () => {
    expect(supportedMethods([]).getEventStoreServerVersion()).to.match(/^24\.10\.\d+$/);
    expect(SERVER_VERSION).to.match(/^24\.10\./);
  });

  it('when the streams service is registered, then its methods are listed in lower case, BatchAppend included', () => {
    const methods = listed(supportedMethods([{ definition: streamsGrpc.StreamsService }]));
    expect(methods).to.have.members([
      'event_store.client.streams.streams/read:',
      'event_store.client.streams.streams/append:',
      'event_store.client.streams.streams/batchappend:',
      'event_store.client.streams.streams/delete:',
      'event_store.client.streams.streams/tombstone:',
    ]);
  });

  it('when persistent subscriptions are registered, then each method carries the stream and all features', () => {
    const methods = listed(supportedMethods([{ definition: persistentGrpc.PersistentSubscriptionsService }]));
    expect(methods).to.include('event_store.client.persistent_subscriptions.persistentsubscriptions/create:stream,all');
    expect(methods).to.include('event_store.client.persistent_subscriptions.persistentsubscriptions/read:stream,all');
  });

  it('when a service declares features of its own, then they are advertised for that method only', () => {
    const methods = listed(
      supportedMethods([{ definition: streamsGrpc.StreamsService, features: { append: ['experimental'] } }]),
    );
    expect(methods).to.include('event_store.client.streams.streams/append:experimental');
    expect(methods).to.include('event_store.client.streams.streams/read:');
  });
});

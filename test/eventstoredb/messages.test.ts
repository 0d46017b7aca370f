// Embedded server: its own message classes (grpc/messages.ts) read what the Node client's generated classes write, and write what they read.
import { expect } from 'chai';
import projectionsPb from '@eventstore/db-client/generated/projections_pb.js';
import { pb as serverProjectionsPb, toValue } from '../../embedded/eventstoredb/projections/proto.js';
import { streamsPb as serverStreamsPb } from '../../embedded/eventstoredb/grpc/protocol.js';
import { sharedPb, streamIdentifier, streamsPb } from './client-protocol.js';

describe('Embedded EventStoreDB message classes', () => {
  it('when the client writes a read request with oneofs, an enum and a 64-bit count, then the server reads each as the client set it', () => {
    const options = new streamsPb.ReadReq.Options()
      .setStream(
        new streamsPb.ReadReq.Options.StreamOptions().setStreamIdentifier(streamIdentifier('cart-1')).setRevision('42'),
      )
      .setReadDirection(streamsPb.ReadReq.Options.ReadDirection.BACKWARDS)
      .setCount('7')
      .setNoFilter(new sharedPb.Empty());
    const read = serverStreamsPb.ReadReq.deserializeBinary(
      new streamsPb.ReadReq().setOptions(options).serializeBinary(),
    ).getOptions();
    expect(read?.getStreamOptionCase()).to.equal(serverStreamsPb.ReadReq.Options.StreamOptionCase.STREAM);
    expect(Buffer.from(read?.getStream()?.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString()).to.equal(
      'cart-1',
    );
    expect(read?.getStream()?.hasRevision()).to.equal(true);
    expect(String(read?.getStream()?.getRevision())).to.equal('42');
    expect(read?.getReadDirection()).to.equal(serverStreamsPb.ReadReq.Options.ReadDirection.BACKWARDS);
    expect(read?.getFilterOptionCase()).to.equal(serverStreamsPb.ReadReq.Options.FilterOptionCase.NO_FILTER);
  });

  it('when a proposed message carries a metadata map, then the server reads every entry', () => {
    const proposed = new streamsPb.AppendReq.ProposedMessage().setData(Buffer.from('{}'));
    proposed.getMetadataMap().set('type', 'SeatHeld').set('content-type', 'application/json');
    const read = serverStreamsPb.AppendReq.deserializeBinary(
      new streamsPb.AppendReq().setProposedMessage(proposed).serializeBinary(),
    );
    expect(Object.fromEntries(read.getProposedMessage()?.getMetadataMap().entries() ?? [])).to.deep.equal({
      type: 'SeatHeld',
      'content-type': 'application/json',
    });
  });

  it('when the server writes projection statistics and a state value, then the client reads them with their names and types', () => {
    const details = new serverProjectionsPb.StatisticsResp.Details()
      .setName('$by_category')
      .setCoreprocessingtime('12')
      .setEpoch('3')
      .setStatus('Running');
    const written = new serverProjectionsPb.StatisticsResp().setDetails(details).serializeBinary();
    const read = projectionsPb.StatisticsResp.deserializeBinary(written).getDetails();
    expect([read?.getName(), read?.getCoreprocessingtime(), read?.getEpoch(), read?.getStatus()]).to.deep.equal([
      '$by_category',
      '12',
      '3',
      'Running',
    ]);
    const state = projectionsPb.StateResp.deserializeBinary(
      new serverProjectionsPb.StateResp().setState(toValue({ count: 2, tags: ['a'], none: null })).serializeBinary(),
    );
    expect(state.getState()?.toJavaScript()).to.deep.equal({ count: 2, tags: ['a'], none: null });
  });
});

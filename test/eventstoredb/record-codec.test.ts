// Embedded server: the on-disk record format round-trips and tells a torn or damaged record from a good one.
import { expect } from 'chai';
import { HEADER_SIZE, checkFrame, decodeCommit, encodeCommit } from '../../embedded/eventstoredb/store/recordCodec.js';
import type { RecordedEvent } from '../../embedded/eventstoredb/store/types.js';

const event = (revision: bigint, streamId = 'seat-1'): RecordedEvent => ({
  streamId,
  revision,
  position: revision + 10n,
  id: `00000000-0000-4000-8000-00000000000${revision}`,
  type: 'SeatHeld',
  contentType: 'application/json',
  data: Buffer.from(`{"seat":"A${revision}","name":"Zoë"}`),
  customMetadata: Buffer.from('{"$correlationId":"c"}'),
  created: 638_000_000_000_000_000n,
});

const plain = (e: RecordedEvent) => ({
  ...e,
  data: Buffer.from(e.data).toString(),
  customMetadata: Buffer.from(e.customMetadata).toString(),
});

describe('Embedded EventStoreDB record codec', () => {
  it('when a commit of several streams is encoded and decoded, then every field comes back', () => {
    const commit = [event(0n), event(1n), event(0n, '$$seat-1')];
    const record = encodeCommit(commit);
    const frame = checkFrame(record, 0);
    expect(frame.kind).to.equal('ok');
    if (frame.kind !== 'ok') return;
    expect(frame.end).to.equal(record.length);
    expect(decodeCommit(frame.payload).map(plain)).to.deep.equal(commit.map(plain));
  });

  it('when fewer bytes than the header or the announced payload remain, then the frame is torn', () => {
    const record = encodeCommit([event(0n)]);
    expect(checkFrame(record.subarray(0, HEADER_SIZE - 1), 0).kind).to.equal('torn');
    expect(checkFrame(record.subarray(0, record.length - 1), 0).kind).to.equal('torn');
  });

  it('when a payload byte changes, then the checksum fails and the frame end is still known', () => {
    const record = Buffer.from(encodeCommit([event(0n)]));
    record[record.length - 1] ^= 0x01;
    expect(checkFrame(record, 0)).to.deep.equal({ kind: 'bad_checksum', end: record.length });
  });

  it('when records follow each other, then each is found at the end of the previous one', () => {
    const file = Buffer.concat([encodeCommit([event(0n)]), encodeCommit([event(1n)])]);
    const first = checkFrame(file, 0);
    expect(first.kind).to.equal('ok');
    const second = checkFrame(file, first.kind === 'ok' ? first.end : 0);
    expect(second.kind === 'ok' && decodeCommit(second.payload)[0].revision).to.equal(1n);
  });
});

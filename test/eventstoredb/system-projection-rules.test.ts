// Embedded server: which stream each system projection links an event into, and what a link records.
import { expect } from 'chai';
import {
  byCategory,
  byCorrelationId,
  byEventType,
  linkEventFor,
  sourcePositionOf,
} from '../../embedded/eventstoredb/system/systemProjections.js';
import type { RecordedEvent } from '../../embedded/eventstoredb/store/types.js';

const event = (streamId: string, type = 'SeatHeld', metadata: unknown = undefined): RecordedEvent => ({
  streamId,
  revision: 3n,
  position: 42n,
  id: '00000000-0000-4000-8000-000000000001',
  type,
  contentType: 'application/json',
  data: Buffer.from('{}'),
  customMetadata: metadata === undefined ? new Uint8Array(0) : Buffer.from(JSON.stringify(metadata)),
  created: 0n,
});

describe('Embedded EventStoreDB system projection rules', () => {
  it('when a stream name has dashes, then its category is the text before the first one', () => {
    expect(byCategory.linkStream(event('booking-12-a'))).to.equal('$ce-booking');
    expect(byCategory.linkStream(event('nodash'))).to.equal(undefined);
    expect(byCategory.linkStream(event('-leading'))).to.equal(undefined);
  });

  it('when an event has a type, then $by_event_type links it unless the type is a system one', () => {
    expect(byEventType.linkStream(event('booking-1', 'BookingPlaced'))).to.equal('$et-BookingPlaced');
    expect(byEventType.linkStream(event('booking-1', '$metadata'))).to.equal(undefined);
  });

  it('when metadata carries a $correlationId, then $by_correlation_id links by it; otherwise not', () => {
    expect(byCorrelationId.linkStream(event('booking-1', 'T', { $correlationId: 'req-7' }))).to.equal('$bc-req-7');
    expect(byCorrelationId.linkStream(event('booking-1', 'T', { other: 1 }))).to.equal(undefined);
    expect(byCorrelationId.linkStream(event('booking-1', 'T'))).to.equal(undefined);
  });

  it('when a link is made, then its data is <revision>@<stream> and it remembers the source position', () => {
    const link = linkEventFor(event('booking-9'));
    expect(link.type).to.equal('$>');
    expect(Buffer.from(link.data).toString()).to.equal('3@booking-9');
    expect(sourcePositionOf({ ...event('$ce-booking'), customMetadata: link.customMetadata })).to.equal(42n);
  });
});

// Conformance: $by_category, $by_event_type and $by_correlation_id as `$>` link streams, read and subscribed with resolveLinkTos.
import { expect } from 'chai';
import { START, jsonEvent, type ResolvedEvent } from '@eventstore/db-client';
import { collect, eventually, startTarget, token, type Target } from './target.js';

describe('EventStoreDB system projections', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.stop();
  });

  /** Reads a projection stream until it holds `count` events (projections run behind the append). */
  const readWhenReady = (stream: string, count: number): Promise<ResolvedEvent[]> =>
    eventually(async () => {
      try {
        const read = await collect(target.client.readStream(stream, { resolveLinkTos: true }));
        return read.length >= count ? read : undefined;
      } catch {
        return undefined;
      }
    });

  it('when events are appended to streams of one category, then $ce-<category> links to each of them in order', async () => {
    const category = `seat${token()}`;
    await target.client.appendToStream(`${category}-1`, jsonEvent({ type: 'SeatHeld', data: { n: 1 } }));
    await target.client.appendToStream(`${category}-2`, jsonEvent({ type: 'SeatHeld', data: { n: 2 } }));
    await target.client.appendToStream(`${category}-1`, jsonEvent({ type: 'SeatReleased', data: { n: 3 } }));
    const read = await readWhenReady(`$ce-${category}`, 3);
    expect(read.map((e) => `${e.event?.streamId}:${e.event?.revision}`)).to.deep.equal([
      `${category}-1:0`,
      `${category}-2:0`,
      `${category}-1:1`,
    ]);
    expect(read.every((e) => e.link?.type === '$>' && e.link.streamId === `$ce-${category}`)).to.equal(true);
    expect(read[2].event?.data).to.deep.equal({ n: 3 });
  });

  it('when read without resolveLinkTos, then the link itself comes back with data <revision>@<stream>', async () => {
    const category = `raw${token()}`;
    await target.client.appendToStream(`${category}-a`, [jsonEvent({ type: 'X', data: {} }), jsonEvent({ type: 'Y', data: {} })]);
    await readWhenReady(`$ce-${category}`, 2);
    const links = await collect(target.client.readStream(`$ce-${category}`, { resolveLinkTos: false }));
    expect(links.map((e) => e.event?.type)).to.deep.equal(['$>', '$>']);
    expect(Buffer.from(links[1].event?.data as Uint8Array).toString()).to.equal(`1@${category}-a`);
  });

  it('when events of a type are appended, then $et-<type> links to them', async () => {
    const type = `TicketSold${token()}`;
    await target.client.appendToStream(`a${token()}-1`, jsonEvent({ type, data: { seat: 'A1' } }));
    await target.client.appendToStream(`b${token()}-1`, jsonEvent({ type, data: { seat: 'B2' } }));
    const read = await readWhenReady(`$et-${type}`, 2);
    expect(read.map((e) => (e.event?.data as { seat: string }).seat)).to.deep.equal(['A1', 'B2']);
  });

  it('when events carry a $correlationId, then $bc-<id> links to them', async () => {
    const correlationId = `corr${token()}`;
    await target.client.appendToStream(`c${token()}-1`, jsonEvent({ type: 'Started', data: {}, metadata: { $correlationId: correlationId } }));
    await target.client.appendToStream(`d${token()}-1`, jsonEvent({ type: 'Finished', data: {}, metadata: { $correlationId: correlationId } }));
    const read = await readWhenReady(`$bc-${correlationId}`, 2);
    expect(read.map((e) => e.event?.type)).to.deep.equal(['Started', 'Finished']);
  });

  it('when subscribing to a $ce- stream with resolveLinkTos, then past and live events arrive resolved', async () => {
    const category = `live${token()}`;
    await target.client.appendToStream(`${category}-1`, jsonEvent({ type: 'Past', data: {} }));
    await readWhenReady(`$ce-${category}`, 1);
    const subscription = target.client.subscribeToStream(`$ce-${category}`, { fromRevision: START, resolveLinkTos: true });
    const received: string[] = [];
    subscription.on('data', (e: ResolvedEvent) => received.push(`${e.event?.type}/${e.link?.type}`));
    try {
      await target.client.appendToStream(`${category}-2`, jsonEvent({ type: 'Live', data: {} }));
      await eventually(async () => (received.length === 2 ? true : undefined));
      expect(received).to.deep.equal(['Past/$>', 'Live/$>']);
    } finally {
      await subscription.unsubscribe();
    }
  });
});

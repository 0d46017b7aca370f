// Conformance: the standard projections as `$>` link streams (read and subscribed with resolveLinkTos) and as projections
// that are listed, stopped, started and reset like any other.
import { expect } from 'chai';
import { BACKWARDS, END, START, jsonEvent, type ResolvedEvent } from './client.js';
import { collect, eventually, rejectionOf, startTarget, token, type Target } from './target.js';

const STANDARD_PROJECTIONS = [
  '$streams',
  '$stream_by_category',
  '$by_category',
  '$by_event_type',
  '$by_correlation_id',
];

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
    await target.client.appendToStream(`${category}-a`, [
      jsonEvent({ type: 'X', data: {} }),
      jsonEvent({ type: 'Y', data: {} }),
    ]);
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
    await target.client.appendToStream(
      `c${token()}-1`,
      jsonEvent({ type: 'Started', data: {}, metadata: { $correlationId: correlationId } }),
    );
    await target.client.appendToStream(
      `d${token()}-1`,
      jsonEvent({ type: 'Finished', data: {}, metadata: { $correlationId: correlationId } }),
    );
    const read = await readWhenReady(`$bc-${correlationId}`, 2);
    expect(read.map((e) => e.event?.type)).to.deep.equal(['Started', 'Finished']);
  });

  it('when subscribing to a $ce- stream with resolveLinkTos, then past and live events arrive resolved', async () => {
    const category = `live${token()}`;
    await target.client.appendToStream(`${category}-1`, jsonEvent({ type: 'Past', data: {} }));
    await readWhenReady(`$ce-${category}`, 1);
    const subscription = target.client.subscribeToStream(`$ce-${category}`, {
      fromRevision: START,
      resolveLinkTos: true,
    });
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

  describe('as projections', () => {
    const statusOf = async (name: string): Promise<string> => (await target.client.getProjectionStatus(name)).status;
    const linkedStreams = async (stream: string): Promise<string[]> => {
      try {
        return (await collect(target.client.readStream(stream, { resolveLinkTos: true }))).map(
          (e) => `${e.event?.streamId}:${e.event?.revision}`,
        );
      } catch {
        return [];
      }
    };

    it('when the projections are listed, then the five standard ones are there and running', async () => {
      const listed = await target.client.listProjections();
      for (const name of STANDARD_PROJECTIONS) {
        const details = listed.find((projection) => projection.name === name);
        expect(details, name).to.not.equal(undefined);
        expect(details?.status).to.match(/^Running/);
        expect(await statusOf(name)).to.match(/^Running/);
      }
    });

    it('when $by_category is disabled, then it is Stopped and links nothing new; enabled again, it links what it missed', async () => {
      const category = `paused${token()}`;
      await target.client.appendToStream(`${category}-1`, jsonEvent({ type: 'Before', data: {} }));
      await readWhenReady(`$ce-${category}`, 1);
      await target.client.disableProjection('$by_category');
      try {
        await eventually(async () => ((await statusOf('$by_category')).startsWith('Stopped') ? true : undefined));
        await target.client.appendToStream(`${category}-2`, jsonEvent({ type: 'While', data: {} }));
        // The event-type projection still runs: once it has linked the event, $by_category would have too.
        await readWhenReady(`$et-While`, 1);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await linkedStreams(`$ce-${category}`)).to.deep.equal([`${category}-1:0`]);
      } finally {
        await target.client.enableProjection('$by_category');
      }
      expect(await statusOf('$by_category')).to.match(/^Running/);
      const read = await readWhenReady(`$ce-${category}`, 2);
      expect(read.map((e) => e.event?.type)).to.deep.equal(['Before', 'While']);
    });

    it('when $by_event_type is reset, then it links every event again from the first, each once', async () => {
      const type = `Reset${token()}`;
      await target.client.appendToStream(`r${token()}-1`, [
        jsonEvent({ type, data: { n: 1 } }),
        jsonEvent({ type, data: { n: 2 } }),
      ]);
      await readWhenReady(`$et-${type}`, 2);
      const epoch = (await target.client.getProjectionStatus('$by_event_type')).epoch;
      await target.client.resetProjection('$by_event_type');
      await target.client.appendToStream(`r${token()}-2`, jsonEvent({ type, data: { n: 3 } }));
      const read = await readWhenReady(`$et-${type}`, 3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await collect(target.client.readStream(`$et-${type}`, { resolveLinkTos: true }));
      expect(again.map((e) => (e.event?.data as { n: number }).n)).to.deep.equal([1, 2, 3]);
      expect(read).to.have.length(3);
      expect(Number((await target.client.getProjectionStatus('$by_event_type')).epoch)).to.be.greaterThan(
        Number(epoch),
      );
      expect(await statusOf('$by_event_type')).to.match(/^Running/);
    });

    it('when a standard projection is deleted, then the server refuses and it goes on running', async () => {
      await target.client.disableProjection('$stream_by_category');
      try {
        expect(await rejectionOf(target.client.deleteProjection('$stream_by_category'))).to.be.instanceOf(Error);
      } finally {
        await target.client.enableProjection('$stream_by_category');
      }
      expect(await statusOf('$stream_by_category')).to.match(/^Running/);
    });

    it('when a stream gets its first event, then $streams links to it and $stream_by_category references it', async () => {
      const category = `new${token()}`;
      await target.client.appendToStream(`${category}-a`, [
        jsonEvent({ type: 'One', data: {} }),
        jsonEvent({ type: 'Two', data: {} }),
      ]);
      const references = await eventually(async () => {
        const read = await collect(target.client.readStream(`$category-${category}`)).catch(() => []);
        return read.length === 1 ? read : undefined;
      });
      expect(references[0].event?.type).to.equal('$@');
      expect(Buffer.from(references[0].event?.data as Uint8Array).toString()).to.equal(`${category}-a`);
      const first = await eventually(async () => {
        const newest = await collect(
          target.client.readStream('$streams', {
            direction: BACKWARDS,
            fromRevision: END,
            maxCount: 50,
            resolveLinkTos: true,
          }),
        );
        return newest.find((e) => e.event?.streamId === `${category}-a`);
      });
      expect(first?.event?.type).to.equal('One');
    });
  });
});

describe('EventStoreDB: a new database', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.stop();
  });

  it('when nothing has been appended yet, then $all already has a last event, and a subscription from it sees the next append', async () => {
    const [last] = await collect(target.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    expect(last?.event?.position).to.not.equal(undefined);
    const subscription = target.client.subscribeToAll({ fromPosition: last.event?.position, resolveLinkTos: false });
    const stream = `fresh${token()}-1`;
    const received: string[] = [];
    subscription.on('data', (e: ResolvedEvent) => {
      if (e.event?.streamId === stream) received.push(e.event.type);
    });
    try {
      await target.client.appendToStream(stream, jsonEvent({ type: 'First', data: {} }));
      await eventually(async () => (received.length === 1 ? true : undefined));
      expect(received).to.deep.equal(['First']);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('when the projections subsystem has started, then $projections-$all records its initialisation and the standard projections', async () => {
    const registry = await collect(target.client.readStream('$projections-$all'));
    expect(registry[0].event?.type).to.equal('$ProjectionsInitialized');
    const created = registry
      .filter((e) => e.event?.type === '$ProjectionCreated')
      .map((e) => Buffer.from(e.event?.data as Uint8Array).toString());
    expect(created).to.include.members(STANDARD_PROJECTIONS);
  });
});

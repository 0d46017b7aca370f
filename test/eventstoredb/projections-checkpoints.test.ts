// Checkpoints of the projection manager over an in-memory log: what disable, abort and the checkpoint delay record.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ProjectionManager } from '../../embedded/eventstoredb/projections/manager.js';
import { checkpointStream, type Checkpoint } from '../../embedded/eventstoredb/projections/persistence.js';
import { silentLogger } from '../../embedded/eventstoredb/plugin.js';
import { EventStore } from '../../embedded/eventstoredb/store/eventStore.js';
import { eventually } from '../projections/eventstore-fixture.js';

const counting = `fromCategory('order').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })`;
const encoder = new TextEncoder();

async function appendOrder(log: EventStore, stream: string): Promise<void> {
  await log.append(stream, 'any', [
    {
      id: randomUUID(),
      type: 'Placed',
      contentType: 'application/json',
      data: encoder.encode('{}'),
      customMetadata: new Uint8Array(),
    },
  ]);
}

function checkpointEvents(log: EventStore, name: string): Checkpoint[] {
  const read = log.readStream(checkpointStream(name), 'start', 'forwards', 1000);
  return read.kind === 'ok'
    ? read.events.map((event) => JSON.parse(new TextDecoder().decode(event.data)) as Checkpoint)
    : [];
}

const checkpoints = (log: EventStore, name: string): number => checkpointEvents(log, name).length;

describe('embedded EventStoreDB projections: checkpoints', () => {
  let log: EventStore;
  let manager: ProjectionManager;
  beforeEach(async () => {
    log = await EventStore.open();
  });
  afterEach(async () => {
    await manager.stop();
    await log.close();
  });

  const create = async (checkpointAfterMs: number) => {
    manager = new ProjectionManager(log, { logger: silentLogger, checkpointAfterMs });
    await manager.start();
    await manager.create({ name: 'orders', query: counting, emitEnabled: false, trackEmittedStreams: false });
    await appendOrder(log, 'order-1');
    await appendOrder(log, 'order-2');
    await eventually(async () => expect(manager.state('orders', '')).to.deep.equal({ n: 2 }));
  };

  it('when events are handled, then a checkpoint follows after the delay, not before', async () => {
    await create(100);
    expect(checkpoints(log, 'orders')).to.equal(0);
    await eventually(async () => expect(checkpoints(log, 'orders')).to.equal(1));
  });

  it('when disabled and enabled again, then it resumes from the checkpoint that disable wrote', async () => {
    await create(60_000);
    await manager.disable('orders', true);
    await manager.enable('orders');
    await appendOrder(log, 'order-3');
    await eventually(async () => expect(manager.state('orders', '')).to.deep.equal({ n: 3 }));
    expect(manager.summary('orders').eventsProcessedAfterRestart).to.equal(1);
  });

  it('when aborted and enabled again, then no checkpoint was written and the events are processed again', async () => {
    await create(60_000);
    await manager.disable('orders', false);
    expect(checkpoints(log, 'orders')).to.equal(0);
    await manager.enable('orders');
    await eventually(async () => expect(manager.summary('orders').eventsProcessedAfterRestart).to.equal(2));
    expect(manager.state('orders', '')).to.deep.equal({ n: 2 });
  });

  it('when only some partitions change, then the next checkpoint holds only those, and a restart folds them back together', async () => {
    manager = new ProjectionManager(log, { logger: silentLogger, checkpointAfterMs: 100 });
    await manager.start();
    const perStream = counting.replace('.when(', '.foreachStream().when(');
    await manager.create({ name: 'per-order', query: perStream, emitEnabled: false, trackEmittedStreams: false });
    await appendOrder(log, 'order-a');
    await appendOrder(log, 'order-a');
    await eventually(async () => expect(checkpoints(log, 'per-order')).to.equal(1));
    await appendOrder(log, 'order-b');
    await eventually(async () => expect(checkpoints(log, 'per-order')).to.equal(2));
    const [first, second] = checkpointEvents(log, 'per-order');
    expect(first.full).to.equal(true);
    expect(second.full).to.equal(false);
    expect(JSON.parse(second.snapshot).states).to.deep.equal({ 'order-b': { n: 1 } });

    await manager.stop();
    manager = new ProjectionManager(log, { logger: silentLogger, checkpointAfterMs: 100 });
    await manager.start();
    expect(manager.state('per-order', 'order-a')).to.deep.equal({ n: 2 });
    expect(manager.state('per-order', 'order-b')).to.deep.equal({ n: 1 });
    expect(manager.summary('per-order').eventsProcessedAfterRestart).to.equal(0);
  });
});

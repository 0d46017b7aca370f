// The projection engine on its own: sources, partitions, handlers, outputs, faults and the sandbox's limits.
import { expect } from 'chai';
import { ProjectionEngine } from '../../embedded/eventstoredb/projections/engine.js';
import { resultStreamOf } from '../../embedded/eventstoredb/projections/definition.js';
import type { ProjectionInput } from '../../embedded/eventstoredb/projections/events.js';

let sequence = 0;
function event(
  streamId: string,
  eventType: string,
  data: unknown = {},
  metadata: unknown = undefined,
): ProjectionInput {
  sequence += 1;
  return {
    streamId,
    sequenceNumber: sequence,
    eventType,
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    isJson: true,
    data: JSON.stringify(data),
    metadata: metadata === undefined ? '' : JSON.stringify(metadata),
  };
}

function feed(engine: ProjectionEngine, ...inputs: ProjectionInput[]): void {
  for (const input of inputs) {
    const outcome = engine.process(input);
    if (outcome.kind === 'faulted') throw new Error(outcome.reason);
  }
}

const counting = (source: string) =>
  `${source}.when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })`;

describe('projection engine', () => {
  describe('sources', () => {
    it('when fed by fromAll, then it sees user streams but not $-prefixed system streams', () => {
      const engine = new ProjectionEngine(counting('fromAll()'));
      feed(
        engine,
        event('booking-1', 'A'),
        event('payment-1', 'B'),
        event('$ce-booking', '$>'),
        event('$projections-x', 'C'),
      );
      expect(engine.state()).to.deep.equal({ n: 2 });
    });

    it('when fed by fromCategory or fromCategories, then only those categories count', () => {
      const one = new ProjectionEngine(counting("fromCategory('booking')"));
      const two = new ProjectionEngine(counting("fromCategories(['booking', 'payment'])"));
      const inputs = [
        event('booking-1', 'A'),
        event('payment-1', 'B'),
        event('concert-1', 'C'),
        event('bookings', 'D'),
      ];
      feed(one, ...inputs);
      feed(two, ...inputs);
      expect(one.state()).to.deep.equal({ n: 1 });
      expect(two.state()).to.deep.equal({ n: 2 });
    });

    it('when fed by fromStream or fromStreams, then only those streams count', () => {
      const one = new ProjectionEngine(counting("fromStream('booking-1')"));
      const two = new ProjectionEngine(counting("fromStreams('booking-1', 'booking-2')"));
      const inputs = [event('booking-1', 'A'), event('booking-2', 'A'), event('booking-3', 'A')];
      feed(one, ...inputs);
      feed(two, ...inputs);
      expect(one.state()).to.deep.equal({ n: 1 });
      expect(two.state()).to.deep.equal({ n: 2 });
    });

    it('when links are included by options, then $> events reach the handlers', () => {
      const engine = new ProjectionEngine(`options({ $includeLinks: true }); ${counting('fromAll()')}`);
      feed(engine, event('clients-1', '$>'), event('clients-1', 'A'));
      expect(engine.state()).to.deep.equal({ n: 2 });
    });
  });

  describe('handlers and state', () => {
    it('when a handler exists for the type, then it runs instead of $any, and other types are skipped', () => {
      const engine = new ProjectionEngine(`fromAll().when({
        $init: function () { return { typed: 0, any: 0 }; },
        Placed: function (s) { s.typed += 1; return s; },
        $any: function (s) { s.any += 1; },
      })`);
      feed(engine, event('a-1', 'Placed'), event('a-1', 'Other'));
      expect(engine.state()).to.deep.equal({ typed: 1, any: 1 });
      const strict = new ProjectionEngine(`fromAll().when({ Placed: function (s) { s.seen = true; } })`);
      expect(strict.process(event('a-1', 'Other'))).to.deep.equal({ kind: 'skipped' });
      expect(strict.partitions()).to.deep.equal([]);
    });

    it('when a handler returns a value, then that value becomes the state', () => {
      const engine = new ProjectionEngine(
        `fromAll().when({ $init: function () { return 0; }, $any: function (s) { return s + 1; } })`,
      );
      feed(engine, event('a-1', 'A'), event('a-1', 'A'), event('a-1', 'A'));
      expect(engine.state()).to.equal(3);
    });

    it('when a handler reads its event, then it finds every documented field', () => {
      const engine = new ProjectionEngine(`fromCategory('booking').foreachStream().when({ $any: function (s, e) {
        return { eventType: e.eventType, streamId: e.streamId, sequenceNumber: e.sequenceNumber, body: e.body, data: e.data,
          bodyRaw: e.bodyRaw, metadata: e.metadata, isJson: e.isJson, partition: e.partition, category: e.category, eventId: e.eventId };
      } })`);
      const input = event('booking-7', 'BookingPlaced', { seats: 2 }, { $correlationId: 'c-1' });
      feed(engine, input);
      expect(engine.state('booking-7')).to.deep.equal({
        eventType: 'BookingPlaced',
        streamId: 'booking-7',
        sequenceNumber: input.sequenceNumber,
        body: { seats: 2 },
        data: { seats: 2 },
        bodyRaw: '{"seats":2}',
        metadata: { $correlationId: 'c-1' },
        isJson: true,
        partition: 'booking-7',
        category: 'booking',
        eventId: input.eventId,
      });
    });

    it('when an event has no metadata, then metadata and metadataRaw are null, as on a real server', () => {
      const engine = new ProjectionEngine(
        `fromAll().when({ $any: function (s, e) { return { metadata: e.metadata, raw: e.metadataRaw }; } })`,
      );
      feed(engine, event('a-1', 'A'));
      expect(engine.state()).to.deep.equal({ metadata: null, raw: null });
    });

    it('when partitioned with foreachStream, then each stream has its own state from $init', () => {
      const engine = new ProjectionEngine(counting("fromCategory('booking').foreachStream()"));
      feed(engine, event('booking-1', 'A'), event('booking-2', 'A'), event('booking-1', 'A'));
      expect(engine.partitions()).to.have.members(['booking-1', 'booking-2']);
      expect(engine.state('booking-1')).to.deep.equal({ n: 2 });
      expect(engine.state('booking-2')).to.deep.equal({ n: 1 });
      expect(engine.state('booking-3')).to.equal(null);
    });

    it('when partitioned with partitionBy, then the key groups events and a null key skips the event', () => {
      const engine = new ProjectionEngine(
        counting(
          'fromAll().partitionBy(function (e) { return e.body.concertId === undefined ? null : e.body.concertId; })',
        ),
      );
      feed(
        engine,
        event('booking-1', 'A', { concertId: 'rock' }),
        event('booking-2', 'A', { concertId: 'rock' }),
        event('x-1', 'A'),
      );
      expect(engine.partitions()).to.deep.equal(['rock']);
      expect(engine.state('rock')).to.deep.equal({ n: 2 });
    });

    it('when shared state is declared with $initShared, then handlers get [partition state, shared state]', () => {
      const engine = new ProjectionEngine(`fromCategory('booking').foreachStream().when({
        $init: function () { return 0; },
        $initShared: function () { return { total: 0 }; },
        $any: function (s) { s[1].total += 1; return [s[0] + 1, s[1]]; },
      })`);
      feed(engine, event('booking-1', 'A'), event('booking-2', 'A'));
      expect(engine.state('booking-1')).to.deep.equal([1, { total: 2 }]);
    });

    it('when a stream is deleted, then $deleted runs on its partition of a foreachStream projection', () => {
      const engine = new ProjectionEngine(`fromCategory('booking').foreachStream().when({
        $any: function (s) { s.live = true; },
        $deleted: function (s, e, softDelete) { s.live = false; s.soft = softDelete; s.stream = e.streamId; },
      })`);
      feed(engine, event('booking-1', 'A'));
      expect(engine.streamDeleted('booking-1', true).kind).to.equal('handled');
      expect(engine.state('booking-1')).to.deep.equal({ live: false, soft: true, stream: 'booking-1' });
    });
  });

  describe('outputs', () => {
    it('when handlers call emit, linkTo, copyTo and log, then the outputs are collected in order', () => {
      const logs: string[] = [];
      const engine = new ProjectionEngine(
        `fromAll().when({ $any: function (s, e) {
          emit('out-1', 'Seen', { id: e.eventId }, { why: 'test' });
          linkTo('links-1', e);
          copyTo('copies-1', e);
          log('handled ' + e.eventType);
        } })`,
        { emitEnabled: true, onLog: (message) => logs.push(message) },
      );
      const input = event('a-1', 'A', { x: 1 }, { m: 1 });
      const outcome = engine.process(input);
      expect(outcome).to.deep.equal({
        kind: 'handled',
        partition: '',
        outputs: [
          {
            kind: 'emit',
            streamId: 'out-1',
            eventType: 'Seen',
            data: JSON.stringify({ id: input.eventId }),
            metadata: '{"why":"test"}',
            isJson: true,
          },
          { kind: 'link', streamId: 'links-1', target: `${input.sequenceNumber}@a-1`, metadata: null },
          { kind: 'emit', streamId: 'copies-1', eventType: 'A', data: '{"x":1}', metadata: '{"m":1}', isJson: true },
        ],
      });
      expect(logs).to.deep.equal(['handled A']);
    });

    it('when a handler emits without emitEnabled, then the projection is faulted', () => {
      const engine = new ProjectionEngine(`fromAll().when({ $any: function (s, e) { linkTo('links-1', e); } })`);
      const outcome = engine.process(event('a-1', 'A'));
      expect(outcome.kind).to.equal('faulted');
      expect(engine.faultReason).to.match(/'linkTo' is not allowed/);
    });

    it('when transformBy and filterBy are chained, then the result is the transformed state or null when filtered', () => {
      const engine = new ProjectionEngine(`fromCategory('booking').foreachStream().when({
        $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; },
      }).transformBy(function (s) { return { doubled: s.n * 2 }; }).filterBy(function (r) { return r.doubled > 2; }).outputState()`);
      feed(engine, event('booking-1', 'A'), event('booking-1', 'A'), event('booking-2', 'A'));
      expect(engine.result('booking-1')).to.deep.equal({ doubled: 4 });
      expect(engine.result('booking-2')).to.equal(null);
      expect(engine.state('booking-1')).to.deep.equal({ n: 2 });
      expect(engine.definition.producesResults).to.equal(true);
    });

    it('when a query only transforms its state, then it produces results too, as on a real server', () => {
      const engine = new ProjectionEngine(
        `fromAll().when({ $any: function () {} }).transformBy(function (s) { return s; })`,
      );
      const plain = new ProjectionEngine(`fromAll().when({ $any: function () {} })`);
      expect(engine.definition.producesResults).to.equal(true);
      expect(plain.definition.producesResults).to.equal(false);
    });

    it('when outputTo names the result streams, then results go there; otherwise to $projections-<name>-result', () => {
      const named = new ProjectionEngine(`fromAll().when({ $any: function () {} }).outputTo('totals', 'totals-{0}')`);
      const plain = new ProjectionEngine(`fromAll().when({ $any: function () {} }).outputState()`);
      expect(resultStreamOf(named.definition, 'p', '')).to.equal('totals');
      expect(resultStreamOf(named.definition, 'p', 'rock')).to.equal('totals-rock');
      expect(resultStreamOf(plain.definition, 'p', '')).to.equal('$projections-p-result');
      expect(resultStreamOf(plain.definition, 'p', 'rock')).to.equal('$projections-p-rock-result');
    });
  });

  describe('faults and the sandbox', () => {
    it('when a handler throws, then the projection is faulted with its message and refuses later events until reset', () => {
      const engine = new ProjectionEngine(`fromAll().when({
        $init: function () { return { n: 0 }; },
        Bad: function () { throw new Error('bad event'); },
        $any: function (s) { s.n += 1; },
      })`);
      feed(engine, event('a-1', 'A'));
      expect(engine.process(event('a-1', 'Bad'))).to.deep.equal({ kind: 'faulted', reason: 'bad event' });
      expect(engine.process(event('a-1', 'A'))).to.deep.equal({ kind: 'faulted', reason: 'bad event' });
      engine.reset();
      feed(engine, event('a-1', 'A'));
      expect(engine.state()).to.deep.equal({ n: 1 });
    });

    it('when a handler runs past the time limit, then the projection is faulted and the host goes on', () => {
      const engine = new ProjectionEngine(`fromAll().when({ $any: function () { for (;;) {} } })`, {
        handlerTimeoutMs: 50,
      });
      const outcome = engine.process(event('a-1', 'A'));
      expect(outcome).to.deep.equal({ kind: 'faulted', reason: 'Handler ran longer than its time limit of 50 ms' });
    });

    it('when a handler returns but took longer than the time limit, then the projection is faulted all the same', () => {
      const engine = new ProjectionEngine(
        `fromAll().when({ $any: function () { var started = Date.now(); while (Date.now() - started < 80) {} } })`,
        { handlerTimeoutMs: 50 },
      );
      expect(engine.process(event('a-1', 'A'))).to.deep.equal({
        kind: 'faulted',
        reason: 'Handler ran longer than its time limit of 50 ms',
      });
    });

    it('when events come in a batch, then each has its outcome in order, and those after a fault share it', () => {
      const engine = new ProjectionEngine(`fromCategory('booking').when({
        $init: function () { return { n: 0 }; },
        Bad: function () { throw new Error('bad event'); },
        $any: function (s) { s.n += 1; },
      })`);
      const outcomes = engine.processBatch([
        event('booking-1', 'A'),
        event('other-1', 'A'),
        event('booking-1', 'A'),
        event('booking-1', 'Bad'),
        event('booking-1', 'A'),
      ]);
      expect(outcomes.map((outcome) => outcome.kind)).to.deep.equal([
        'handled',
        'skipped',
        'handled',
        'faulted',
        'faulted',
      ]);
      expect(engine.state()).to.deep.equal({ n: 2 });
    });

    it('when a batch mixes texts, skips, outputs and logs, then each event gets its own data, and its outputs and logs', () => {
      const logs: string[] = [];
      const engine = new ProjectionEngine(
        `fromAll().partitionBy(function (e) { return e.eventType === 'Unkeyed' ? null : e.streamId; }).when({
          $any: function (s, e) {
            if (e.eventType === 'Loud') log('loud ' + e.bodyRaw);
            if (e.eventType === 'Echo') emit('echoes-1', 'Echoed', { body: e.body, metadata: e.metadata });
            if (e.eventType === 'Bad') { log('about to fail'); s.touched = true; throw new Error('bad ' + e.body.n); }
            s.seen = (s.seen || []).concat([[e.sequenceNumber, e.bodyRaw, e.metadataRaw]]);
          },
        })`,
        { emitEnabled: true, onLog: (message) => logs.push(message) },
      );
      const binary = { ...event('a-1', 'Plain'), isJson: false, data: 'not "json" \\ at all' };
      const inputs = [
        event('a-1', 'Plain', { text: 'quotes " and \\ backslashes', emoji: '🎫 é' }, { $correlationId: 'ü-1' }),
        binary,
        event('b-1', 'Unkeyed', { ignored: true }),
        event('a-1', 'Loud', { n: 1 }),
        event('b-1', 'Echo', { n: '🎟️' }, { m: '"x"' }),
        event('a-1', 'Plain', {}, {}),
        event('a-1', 'Bad', { n: 2 }),
        event('a-1', 'Plain', { n: 3 }),
      ];
      const outcomes = engine.processBatch(inputs);
      expect(outcomes.map((outcome) => outcome.kind)).to.deep.equal([
        'handled',
        'handled',
        'skipped',
        'handled',
        'handled',
        'handled',
        'faulted',
        'faulted',
      ]);
      expect(outcomes[4]).to.deep.equal({
        kind: 'handled',
        partition: 'b-1',
        outputs: [
          {
            kind: 'emit',
            streamId: 'echoes-1',
            eventType: 'Echoed',
            data: JSON.stringify({ body: { n: '🎟️' }, metadata: { m: '"x"' } }),
            metadata: null,
            isJson: true,
          },
        ],
      });
      expect(outcomes[6]).to.deep.equal({ kind: 'faulted', reason: 'bad 2' });
      expect(logs).to.deep.equal(['loud {"n":1}', 'about to fail']);
      // The events before the fault are applied; the failing handler's own changes to its state stay, as before batching.
      expect(engine.state('a-1')).to.deep.equal({
        seen: [
          [inputs[0].sequenceNumber, inputs[0].data, inputs[0].metadata],
          [binary.sequenceNumber, binary.data, null],
          [inputs[3].sequenceNumber, '{"n":1}', null],
          [inputs[5].sequenceNumber, '{}', '{}'],
        ],
        touched: true,
      });
    });

    it('when the query uses asynchronous code, then it is refused before it runs', () => {
      const handlers = [
        'async function (s) { return s; }',
        'function (s) { Promise.resolve().then(function again() { return Promise.resolve().then(again); }); }',
        'function (s) { import("node:fs"); }',
        'function (s) { (async () => 1)(); }',
        'function (s) { var o = { async m() {} }; }',
      ];
      for (const handler of handlers) {
        expect(() => new ProjectionEngine(`fromAll().when({ $any: ${handler} })`), handler)
          .to.throw(/run synchronously/)
          .with.property('code', 'InvalidQuery');
      }
    });

    it('when a handler looks for promise-making built-ins by a computed name, then none is there', () => {
      const engine = new ProjectionEngine(`fromAll().when({ $any: function (s) {
        s.found = ['Prom' + 'ise', 'Atom' + 'ics', 'WebAss' + 'embly'].map(function (name) { return typeof globalThis[name]; });
      } })`);
      feed(engine, event('a-1', 'A'));
      expect(engine.state()).to.deep.equal({ found: ['undefined', 'undefined', 'undefined'] });
    });

    it('when the query reaches for the host, then nothing is there and code generation is refused', () => {
      const engine = new ProjectionEngine(`fromAll().when({ $any: function (s) {
        s.host = [typeof process, typeof require, typeof setTimeout].join(',');
        s.escape = (function () { try { return this.constructor.constructor('return 1')(); } catch (e) { return 'refused'; } }).call(s);
      } })`);
      feed(engine, event('a-1', 'A'));
      expect(engine.state()).to.deep.equal({ host: 'undefined,undefined,undefined', escape: 'refused' });
    });

    it('when the query is not valid, then it is refused with InvalidQuery', () => {
      expect(() => new ProjectionEngine('fromAll('))
        .to.throw()
        .with.property('code', 'InvalidQuery');
      expect(() => new ProjectionEngine('var x = 1;')).to.throw(/selects no events/);
    });

    it('when the query handles only $init, then it is valid and the events it reads change nothing', () => {
      const engine = new ProjectionEngine('fromAll().when({ $init: function () { return { started: true }; } })');
      const before = engine.state();
      feed(engine, event('a-1', 'A'));
      expect(engine.state()).to.deep.equal(before);
    });

    it('when a snapshot is restored into a new engine, then every partition state comes back', () => {
      const query = counting("fromCategory('booking').foreachStream()");
      const first = new ProjectionEngine(query);
      feed(first, event('booking-1', 'A'), event('booking-2', 'A'), event('booking-2', 'A'));
      const second = new ProjectionEngine(query);
      second.restore(first.snapshot());
      feed(second, event('booking-2', 'A'));
      expect(second.state('booking-1')).to.deep.equal({ n: 1 });
      expect(second.state('booking-2')).to.deep.equal({ n: 3 });
    });

    it('when a delta names some partitions, then merging it changes those and keeps the others', () => {
      const query = counting("fromCategory('booking').foreachStream()");
      const source = new ProjectionEngine(query);
      feed(source, event('booking-1', 'A'), event('booking-2', 'A'));
      const target = new ProjectionEngine(query);
      target.restore(source.snapshot());
      feed(source, event('booking-2', 'A'));
      const delta = source.snapshot(['booking-2']);
      expect(JSON.parse(delta).states).to.deep.equal({ 'booking-2': { n: 2 } });
      target.merge(delta);
      expect(target.state('booking-1')).to.deep.equal({ n: 1 });
      expect(target.state('booking-2')).to.deep.equal({ n: 2 });
    });
  });
});

// The projection harness itself: sequence numbers, feeding back what a projection emits, faults, runaway feedback.
import { expect } from 'chai';
import { ProjectionFaultedError, ProjectionHarness } from '../support/projection-harness.js';

describe('projection harness', () => {
  it('when events are given, then each stream numbers its events from 0, as a log would', () => {
    const harness = new ProjectionHarness(
      `fromAll().foreachStream().when({ $any: function (s, e) { return { last: e.sequenceNumber }; } })`,
    ).given({ stream: 'a-1', type: 'A' }, { stream: 'b-1', type: 'A' }, { stream: 'a-1', type: 'A' });
    expect(harness.state('a-1')).to.deep.equal({ last: 1 });
    expect(harness.state('b-1')).to.deep.equal({ last: 0 });
  });

  it('when a projection emits to a stream it reads, then that event is fed back to it after the current one', () => {
    const harness = new ProjectionHarness(`fromCategories(['order', 'audit']).when({
      $init: function () { return { seen: [] }; },
      Placed: function (s, e) { s.seen.push('Placed'); emit('audit-1', 'Audited', { of: e.streamId }); },
      Audited: function (s, e) { s.seen.push('Audited:' + e.body.of); },
    })`).given({ stream: 'order-1', type: 'Placed' }, { stream: 'order-2', type: 'Placed' });
    expect(harness.state()).to.deep.equal({ seen: ['Placed', 'Placed', 'Audited:order-1', 'Audited:order-2'] });
    expect(harness.emittedTo('audit-1')).to.have.length(2);
  });

  it('when a handler throws, then given throws ProjectionFaultedError with the reason', () => {
    const harness = new ProjectionHarness(`fromAll().when({ $any: function () { throw new Error('no'); } })`);
    expect(() => harness.given({ stream: 'a-1', type: 'A' }))
      .to.throw(ProjectionFaultedError, 'no')
      .with.property('code', 'ProjectionFaulted');
    expect(harness.faultReason).to.equal('no');
  });

  it('when a projection answers its own output without end, then given stops with an error instead of hanging', () => {
    const harness = new ProjectionHarness(
      `fromCategory('echo').when({ $any: function (s, e) { emit('echo-1', 'Echo', {}); } })`,
    );
    expect(() => harness.given({ stream: 'echo-1', type: 'Start' })).to.throw(
      /kept reading its own output for 100 rounds/,
    );
  });
});

// Embedded server: the in-flight messages of a subscription group, released by ack, by timeout and on disconnect.
import { expect } from 'chai';
import { Consumer } from '../../embedded/eventstoredb/persistent/consumer.js';
import { InFlightMessages } from '../../embedded/eventstoredb/persistent/in-flight.js';
import { messageFrom, type Message } from '../../embedded/eventstoredb/persistent/message.js';
import type { RecordedEvent } from '../../embedded/eventstoredb/store/types.js';

function message(n: number): Message {
  const event: RecordedEvent = {
    streamId: 'orders-1',
    revision: BigInt(n),
    position: BigInt(n + 1),
    id: `00000000-0000-0000-0000-${n.toString().padStart(12, '0')}`,
    type: 'Numbered',
    contentType: 'application/json',
    data: new Uint8Array(0),
    customMetadata: new Uint8Array(0),
    created: 0n,
  };
  return messageFrom(event, { event, position: event.position }, event.revision);
}

const consumer = (id: number): Consumer =>
  new Consumer(id, 10, { from: '', connectionName: '', deliver: () => undefined, drop: () => undefined });
const numbers = (messages: Message[]): bigint[] => messages.map((m) => m.key);

describe('persistent subscriptions: in-flight messages', () => {
  it('when the timer runs, then exactly the messages past their deadline are released, oldest first', () => {
    const inFlight = new InFlightMessages();
    const a = consumer(1);
    [0, 1, 2, 3].forEach((n) => inFlight.add(message(n), a, 1_000 + n * 100));

    expect(numbers(inFlight.releaseExpired(1_150))).to.deep.equal([0n, 1n]);
    expect(inFlight.size).to.equal(2);
    expect(a.held).to.equal(2);
    expect(numbers(inFlight.releaseExpired(5_000))).to.deep.equal([2n, 3n]);
    expect(a.held).to.equal(0);
  });

  it('when a message is handed out again, then its new deadline counts, not its first one', () => {
    const inFlight = new InFlightMessages();
    const a = consumer(1);
    inFlight.add(message(0), a, 1_000);
    inFlight.add(message(1), a, 1_100);
    const retried = inFlight.release(message(0).id);
    inFlight.add(retried as Message, a, 2_000);

    expect(numbers(inFlight.releaseExpired(1_500))).to.deep.equal([1n]);
    expect(numbers(inFlight.releaseExpired(2_000))).to.deep.equal([0n]);
  });

  it('when a consumer goes away, then only its messages are released and the others stay with their holder', () => {
    const inFlight = new InFlightMessages();
    const [a, b] = [consumer(1), consumer(2)];
    [0, 1, 2].forEach((n) => inFlight.add(message(n), n === 1 ? b : a, 1_000));

    expect(numbers(inFlight.releaseAll(a))).to.deep.equal([0n, 2n]);
    expect([a.held, b.held]).to.deep.equal([0, 1]);
    expect(inFlight.release(message(0).id)).to.equal(undefined);
    expect(inFlight.release(message(1).id)?.key).to.equal(1n);
    expect(b.held).to.equal(0);
  });
});

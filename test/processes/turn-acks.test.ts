// Acks of one event-loop turn travel as one message per subscription.
import { expect } from 'chai';
import { TurnAcks } from '../../src/processes/turn-acks.js';

class RecordingSubscription {
  readonly messages: string[][] = [];
  async ack(...deliveries: string[]): Promise<void> {
    this.messages.push(deliveries);
  }
}

describe('turn acks', () => {
  it('when steps finish in the same turn, then their acks go in one message, and each caller waits for it', async () => {
    const acks = new TurnAcks<RecordingSubscription, string>();
    const subscription = new RecordingSubscription();
    const sent = [acks.ack(subscription, 'a'), acks.ack(subscription, 'b'), acks.ack(subscription, 'c')];
    expect(subscription.messages).to.deep.equal([]);
    await Promise.all(sent);
    expect(subscription.messages).to.deep.equal([['a', 'b', 'c']]);
  });

  it('when steps finish in different turns, then each turn sends its own message', async () => {
    const acks = new TurnAcks<RecordingSubscription, string>();
    const subscription = new RecordingSubscription();
    await acks.ack(subscription, 'a');
    await acks.ack(subscription, 'b');
    expect(subscription.messages).to.deep.equal([['a'], ['b']]);
  });

  it('when the subscription changed (a resubscription), then the new one gets its own message', async () => {
    const acks = new TurnAcks<RecordingSubscription, string>();
    const old = new RecordingSubscription();
    const renewed = new RecordingSubscription();
    await Promise.all([acks.ack(old, 'a'), acks.ack(renewed, 'b')]);
    expect(old.messages).to.deep.equal([['a']]);
    expect(renewed.messages).to.deep.equal([['b']]);
  });
});

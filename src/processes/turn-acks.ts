// Acks gathered over one turn of the event loop and sent as one message: steps that finish together cost one write.

interface Acking<Delivery> {
  ack(...deliveries: Delivery[]): Promise<void>;
}

/**
 * The client's `ack` takes several deliveries; a burst of steps finishing in the same turn (deliveries handed out
 * together, a batch of reservations appended at once) would otherwise write one message each. Each caller still
 * waits for the write that carries its own ack.
 */
export class TurnAcks<Subscription extends Acking<Delivery>, Delivery> {
  private pending: { subscription: Subscription; deliveries: Delivery[]; sent: Promise<void> } | undefined;

  ack(subscription: Subscription, delivery: Delivery): Promise<void> {
    const pending = this.pending;
    if (pending !== undefined && pending.subscription === subscription) {
      pending.deliveries.push(delivery);
      return pending.sent;
    }
    const deliveries = [delivery];
    const sent = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      if (this.pending?.deliveries === deliveries) this.pending = undefined;
      return subscription.ack(...deliveries);
    });
    this.pending = { subscription, deliveries, sent };
    return sent;
  }
}

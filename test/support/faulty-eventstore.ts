// Fault injection for end-to-end specs, in test code: an EventStoreDB client whose deliveries, acks and appends a spec can bend.
import type {
  AppendExpectedRevision,
  EventStoreDBClient,
  PersistentSubscriptionToAllResolvedEvent,
  PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';

export type Delivery = PersistentSubscriptionToStreamResolvedEvent | PersistentSubscriptionToAllResolvedEvent;

export interface EventStoreFaults {
  /** Resolves when a delivery may reach the service's consumer: holding it back holds the process step back. */
  beforeDelivery?(delivery: Delivery): Promise<void>;
  /** What becomes of the consumer's ack: sent; turned into a retry nack (a redelivery); or never sent (the message times out). */
  settle?(delivery: Delivery): 'ack' | 'nack' | 'timeout';
  /** Throws to refuse an append, as a store that is failing would; the command, and the step that sent it, fail. */
  beforeAppend?(stream: string, options?: { expectedRevision?: AppendExpectedRevision }): void;
}

type Subscription = ReturnType<EventStoreDBClient['subscribeToPersistentSubscriptionToStream']>;

/** Passes every call through to `target`, but those `override` names. */
function intercept<T extends object>(target: T, override: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(real, property) {
      if (Object.hasOwn(override, property)) return override[property as keyof T];
      const value: unknown = Reflect.get(real, property);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}

function faultySubscription(subscription: Subscription, faults: EventStoreFaults): Subscription {
  return intercept(subscription, {
    on(event: string, listener: (...args: unknown[]) => void) {
      const hold = faults.beforeDelivery;
      const wrapped =
        event === 'data' && hold
          ? (delivery: Delivery) => void hold(delivery).then(() => listener(delivery))
          : listener;
      subscription.on(event as 'data', wrapped as never);
      return subscription;
    },
    async ack(...deliveries: Delivery[]) {
      const settle = (delivery: Delivery) => faults.settle?.(delivery) ?? 'ack';
      const acked = deliveries.filter((delivery) => settle(delivery) === 'ack');
      const nacked = deliveries.filter((delivery) => settle(delivery) === 'nack');
      if (acked.length > 0) await subscription.ack(...acked);
      if (nacked.length > 0) await subscription.nack('retry', 'forced redelivery', ...nacked);
    },
  } as Partial<Record<keyof Subscription, unknown>>);
}

/** The client with `faults` applied; everything else is the real client's. */
export function withFaults(client: EventStoreDBClient, faults: EventStoreFaults): EventStoreDBClient {
  return intercept(client, {
    subscribeToPersistentSubscriptionToStream: (
      ...args: Parameters<EventStoreDBClient['subscribeToPersistentSubscriptionToStream']>
    ) => faultySubscription(client.subscribeToPersistentSubscriptionToStream(...args), faults),
    subscribeToPersistentSubscriptionToAll: (
      ...args: Parameters<EventStoreDBClient['subscribeToPersistentSubscriptionToAll']>
    ) => faultySubscription(client.subscribeToPersistentSubscriptionToAll(...args) as unknown as Subscription, faults),
    appendToStream: (...args: Parameters<EventStoreDBClient['appendToStream']>) => {
      faults.beforeAppend?.(args[0], args[2]);
      return client.appendToStream(...args);
    },
  });
}

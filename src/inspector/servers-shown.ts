// Which servers the service talks to, as the dashboard may show them: kind and hosts, never a user, password or option value.

export interface ServersShown {
  /** `keptOnDisk`: an embedded store's events outlive a restart (EMBEDDED_DATA_DIR), or are in memory only. */
  readonly eventStore: { readonly embedded: boolean; readonly keptOnDisk: boolean; readonly address: string };
  readonly mongo: { readonly embedded: boolean; readonly address: string; readonly database: string };
}

/**
 * `scheme://host:port,host:port` from a connection string: credentials and every query option are dropped, since
 * options can hold secrets too (a certificate's password, an auth mechanism's properties).
 */
export function withoutSecrets(connectionString: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(connectionString.trim());
  return match ? `${match[1]}://${match[2]}` : '(unreadable connection string)';
}

export function serversShown(options: {
  eventStoreConnectionString: string;
  mongoUri: string;
  mongoDatabase: string;
  embeddedEventStore: boolean;
  /** EMBEDDED_DATA_DIR as configured: undefined means memory only. */
  embeddedDataDir: string | undefined;
  embeddedMongo: boolean;
}): ServersShown {
  return {
    eventStore: {
      embedded: options.embeddedEventStore,
      keptOnDisk: options.embeddedDataDir !== undefined,
      address: withoutSecrets(options.eventStoreConnectionString),
    },
    mongo: {
      embedded: options.embeddedMongo,
      address: withoutSecrets(options.mongoUri),
      database: options.mongoDatabase,
    },
  };
}

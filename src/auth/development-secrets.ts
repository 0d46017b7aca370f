// The fixed secrets `npm start` uses on its embedded servers when none are set: public on purpose, for development only.
// Anyone who reads this file can act as any client, operator or payment provider of a service that runs with them,
// so the service warns loudly when it does, and refuses them (and their absence) as soon as it talks to real servers.

export const developmentSecrets = {
  AUTH_JWT_SECRET: 'development-only-jwt-secret-never-use-in-production',
  PAYMENT_WEBHOOK_SECRET: 'development-only-payment-webhook-secret-never-use-in-production',
  OPERATOR_TOKEN: 'development-only-operator-token-never-use-in-production',
} as const;

export type SecretName = keyof typeof developmentSecrets;

export const isDevelopmentSecret = (value: string): boolean =>
  Object.values(developmentSecrets).includes(value as never);

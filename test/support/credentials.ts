// The one place the tests' credentials come from: the secrets every test service is started with, and the signer that
// gives each request the credentials a legitimate caller would send (test/support/http.ts applies it).
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { RequestSigner, type SigningSecrets } from '../../scripts/credentials.js';

export const testSecrets: SigningSecrets = {
  jwtSecret: 'test-suite-jwt-secret-0123456789abcdef',
  paymentWebhookSecret: 'test-suite-payment-webhook-secret-0123456789',
  operatorToken: 'test-suite-operator-token-0123456789abcdef',
  // Set, so that every test's requests also pass the iss/aud checks.
  issuer: 'https://identity.test',
  audience: 'ticket-booking-tests',
};

export const testAuth: AuthConfig = {
  clientTokens: { secret: testSecrets.jwtSecret },
  issuer: testSecrets.issuer,
  audience: testSecrets.audience,
  paymentWebhookSecret: testSecrets.paymentWebhookSecret,
  operatorToken: testSecrets.operatorToken,
  developmentSecrets: [],
};

export const testSigner = new RequestSigner(testSecrets);

/** `Authorization: Bearer <token of clientId>`. */
export const asClient = async (clientId: string): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await testSigner.clientToken(clientId)}`,
});

export const asOperator = (): Record<string, string> => ({ authorization: `Bearer ${testSecrets.operatorToken}` });

// Which credentials the service starts with: development secrets only on its embedded servers, and with a real
// server a refusal to start naming every variable to set. Secrets never appear in the messages.
import { expect } from 'chai';
import { developmentSecrets } from '../../src/auth/development-secrets.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const realServers = {
  EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
  MONGODB_URI: 'mongodb://mongo:27017',
};
const secrets = {
  AUTH_JWT_SECRET: 'a-jwt-secret-of-at-least-32-characters',
  PAYMENT_WEBHOOK_SECRET: 'a-webhook-secret-of-at-least-32-characters',
  OPERATOR_TOKEN: 'an-operator-token-of-at-least-32-characters',
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('authentication settings', () => {
  it('when nothing is set on the embedded servers, then the development secrets stand in, and say which they are', () => {
    const { auth } = loadConfig({});
    expect(auth.clientTokens).to.deep.equal({ secret: developmentSecrets.AUTH_JWT_SECRET });
    expect(auth.paymentWebhookSecret).to.equal(developmentSecrets.PAYMENT_WEBHOOK_SECRET);
    expect(auth.operatorToken).to.equal(developmentSecrets.OPERATOR_TOKEN);
    expect(auth.developmentSecrets).to.have.members(['AUTH_JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN']);
  });

  it('when some secrets are set on the embedded servers, then only the others fall back', () => {
    const { auth } = loadConfig({ OPERATOR_TOKEN: secrets.OPERATOR_TOKEN });
    expect(auth.operatorToken).to.equal(secrets.OPERATOR_TOKEN);
    expect(auth.developmentSecrets).to.have.members(['AUTH_JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET']);
  });

  for (const [what, servers] of [
    ['both real servers', realServers],
    ['a real EventStoreDB only', { EVENTSTORE_CONNECTION_STRING: realServers.EVENTSTORE_CONNECTION_STRING }],
    ['a real MongoDB only', { MONGODB_URI: realServers.MONGODB_URI }],
  ] as const) {
    it(`when ${what} and no secret is set, then it refuses to start naming each variable to set`, () => {
      const error = refusal({ ...servers });
      expect(error.problems).to.have.length(3);
      for (const name of ['AUTH_JWT_SECRET or AUTH_JWKS_URL', 'PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN'])
        expect(error.message).to.include(name);
    });
  }

  it('when real servers and every secret are set, then there are no development secrets', () => {
    expect(loadConfig({ ...realServers, ...secrets }).auth.developmentSecrets).to.deep.equal([]);
  });

  it('when real servers are given a published development secret, then it refuses, without repeating the value', () => {
    const error = refusal({ ...realServers, ...secrets, OPERATOR_TOKEN: developmentSecrets.OPERATOR_TOKEN });
    expect(error.message).to.include('OPERATOR_TOKEN: is a published development secret');
    expect(error.message).to.not.include(developmentSecrets.OPERATOR_TOKEN);
  });

  it('when a secret is shorter than 32 characters, then it is refused, without repeating the value', () => {
    const error = refusal({ ...realServers, ...secrets, PAYMENT_WEBHOOK_SECRET: 'short-secret' });
    expect(error.message).to.include('PAYMENT_WEBHOOK_SECRET');
    expect(error.message).to.not.include('short-secret');
  });

  it('when AUTH_JWKS_URL is set, then tokens are checked against that key set, and iss/aud are read', () => {
    const { auth } = loadConfig({
      ...realServers,
      PAYMENT_WEBHOOK_SECRET: secrets.PAYMENT_WEBHOOK_SECRET,
      OPERATOR_TOKEN: secrets.OPERATOR_TOKEN,
      AUTH_JWKS_URL: 'https://id.example/.well-known/jwks.json',
      AUTH_JWT_ISSUER: 'https://id.example/',
      AUTH_JWT_AUDIENCE: 'tickets',
    });
    expect(auth).to.deep.include({
      clientTokens: { jwksUrl: 'https://id.example/.well-known/jwks.json' },
      issuer: 'https://id.example/',
      audience: 'tickets',
    });
  });

  it('when AUTH_JWKS_URL is plain http to another host, or both it and AUTH_JWT_SECRET are set, then it is refused', () => {
    expect(
      refusal({ ...realServers, ...secrets, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'http://id.example/jwks' }).message,
    ).to.include('AUTH_JWKS_URL');
    expect(refusal({ ...realServers, ...secrets, AUTH_JWKS_URL: 'https://id.example/jwks' }).message).to.include(
      'set one of them, not both',
    );
    expect(
      loadConfig({ ...realServers, ...secrets, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'http://localhost:8080/jwks' }).auth
        .clientTokens,
    ).to.deep.equal({ jwksUrl: 'http://localhost:8080/jwks' });
  });

  it('when AUTH_JWKS_URL is plain http to a loopback address, then it is accepted; to any other host, the reason says https', () => {
    const jwks = (url: string) => ({
      ...realServers,
      PAYMENT_WEBHOOK_SECRET: secrets.PAYMENT_WEBHOOK_SECRET,
      OPERATOR_TOKEN: secrets.OPERATOR_TOKEN,
      AUTH_JWKS_URL: url,
    });
    for (const url of [
      'http://localhost/jwks',
      'http://127.0.0.1:8080/jwks',
      'http://[::1]:8080/jwks',
      'https://id.example/jwks',
    ]) {
      expect(loadConfig(jwks(url)).auth.clientTokens, url).to.deep.equal({ jwksUrl: url });
    }
    for (const url of ['http://10.0.0.1/jwks', 'http://localhost.example/jwks', 'ftp://localhost/jwks']) {
      expect(refusal(jwks(url)).message, url).to.include(
        'AUTH_JWKS_URL: must be an https:// URL (http:// only on localhost)',
      );
    }
  });

  it('when AUTH_JWT_ISSUER or AUTH_JWT_AUDIENCE is blank, then it is refused; around a value, spaces are dropped', () => {
    expect(refusal({ ...secrets, AUTH_JWT_ISSUER: '   ' }).message).to.include('AUTH_JWT_ISSUER');
    expect(refusal({ ...secrets, AUTH_JWT_AUDIENCE: ' ' }).message).to.include('AUTH_JWT_AUDIENCE');
    expect(
      loadConfig({ ...secrets, AUTH_JWT_ISSUER: ' https://id.example/ ', AUTH_JWT_AUDIENCE: ' tickets ' }).auth,
    ).to.deep.include({ issuer: 'https://id.example/', audience: 'tickets' });
  });

  it('when a secret is too short, then the reason says how long it must be', () => {
    expect(refusal({ ...secrets, OPERATOR_TOKEN: 'x'.repeat(31) }).message).to.include(
      'OPERATOR_TOKEN: must be at least 32 characters',
    );
    expect(loadConfig({ ...secrets, OPERATOR_TOKEN: 'x'.repeat(32) }).auth.operatorToken).to.equal('x'.repeat(32));
  });

  it('when real servers and no secret are set, then each refusal says a real server needs it', () => {
    expect(refusal({ ...realServers }).problems).to.deep.equal([
      'AUTH_JWT_SECRET or AUTH_JWKS_URL: one must be set when EVENTSTORE_CONNECTION_STRING or MONGODB_URI names a real server',
      'PAYMENT_WEBHOOK_SECRET: must be set when EVENTSTORE_CONNECTION_STRING or MONGODB_URI names a real server',
      'OPERATOR_TOKEN: must be set when EVENTSTORE_CONNECTION_STRING or MONGODB_URI names a real server',
    ]);
  });

  it('when real servers are given the published development secrets, then each is refused by name', () => {
    expect(refusal({ ...realServers, ...developmentSecrets }).problems).to.deep.equal([
      'AUTH_JWT_SECRET: is a published development secret; set a secret of your own',
      'PAYMENT_WEBHOOK_SECRET: is a published development secret; set a secret of your own',
      'OPERATOR_TOKEN: is a published development secret; set a secret of your own',
    ]);
  });

  it('when the development secrets are set explicitly on the embedded servers, then they are accepted and none fell back', () => {
    const { auth } = loadConfig({ ...developmentSecrets });
    expect(auth.clientTokens).to.deep.equal({ secret: developmentSecrets.AUTH_JWT_SECRET });
    expect(auth.operatorToken).to.equal(developmentSecrets.OPERATOR_TOKEN);
    expect(auth.developmentSecrets).to.deep.equal([]);
  });

  it('when AUTH_JWKS_URL is set on the embedded servers, then it is used and the client secret does not fall back', () => {
    const { auth } = loadConfig({ AUTH_JWKS_URL: 'https://id.example/jwks' });
    expect(auth.clientTokens).to.deep.equal({ jwksUrl: 'https://id.example/jwks' });
    expect(auth.developmentSecrets).to.have.members(['PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN']);
  });

  it('when both AUTH_JWT_SECRET and AUTH_JWKS_URL are set, even on the embedded servers, then it is refused', () => {
    expect(refusal({ ...secrets, AUTH_JWKS_URL: 'https://id.example/jwks' }).problems).to.deep.equal([
      'AUTH_JWT_SECRET, AUTH_JWKS_URL: set one of them, not both',
    ]);
  });
});

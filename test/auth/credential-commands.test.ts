// `npm run token` and `npm run sign-payment`: the commands the README's walkthrough gets its credentials from. They
// read the service's variables, fall back to the development secrets (saying so on stderr), and print only the credential.
import { execFile } from 'node:child_process';
import { createSecretKey } from 'node:crypto';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { jwtVerify } from 'jose';
import { developmentSecrets } from '../../src/auth/development-secrets.js';
import { checkPaymentSignature } from '../../src/auth/payment-signature.js';

const run = promisify(execFile);
const noSecrets = {
  AUTH_JWT_SECRET: '',
  AUTH_JWKS_URL: '',
  AUTH_JWT_ISSUER: '',
  AUTH_JWT_AUDIENCE: '',
  PAYMENT_WEBHOOK_SECRET: '',
  OPERATOR_TOKEN: '',
};

async function command(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      env: { ...process.env, ...noSecrets, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('credential commands', function () {
  this.timeout(30_000);

  it('when `token alice` runs with nothing set, then it prints an HS256 token for alice, valid 8 hours, made with the development secret', async () => {
    const { code, stdout, stderr } = await command('token', ['alice']);
    expect(code).to.equal(0);
    expect(stderr).to.include('AUTH_JWT_SECRET is unset');
    const { payload, protectedHeader } = await jwtVerify(
      stdout.trim(),
      createSecretKey(Buffer.from(developmentSecrets.AUTH_JWT_SECRET)),
      { algorithms: ['HS256'] },
    );
    expect(protectedHeader.alg).to.equal('HS256');
    expect(payload.sub).to.equal('alice');
    expect(payload.exp! - payload.iat!).to.equal(8 * 3600);
  });

  it('when the secret, issuer and audience are set, then the token is made with them; --expires-in sets its life', async () => {
    const secret = 'a-secret-for-the-token-command-0123456789';
    const { stdout, stderr } = await command('token', ['bob', '--expires-in', '60'], {
      AUTH_JWT_SECRET: secret,
      AUTH_JWT_ISSUER: 'https://id.test',
      AUTH_JWT_AUDIENCE: 'tickets',
    });
    expect(stderr).to.equal('');
    const { payload } = await jwtVerify(stdout.trim(), createSecretKey(Buffer.from(secret)), {
      issuer: 'https://id.test',
      audience: 'tickets',
    });
    expect(payload.sub).to.equal('bob');
    expect(payload.exp! - payload.iat!).to.equal(60);
  });

  it('when `token --operator` runs, then it prints the operator token', async () => {
    expect((await command('token', ['--operator'])).stdout.trim()).to.equal(developmentSecrets.OPERATOR_TOKEN);
    expect(
      (
        await command('token', ['--operator'], { OPERATOR_TOKEN: 'an-operator-token-of-at-least-32-chars' })
      ).stdout.trim(),
    ).to.equal('an-operator-token-of-at-least-32-chars');
  });

  it('when `token` has no client id, or AUTH_JWKS_URL says tokens come from elsewhere, then it exits 2 printing no token', async () => {
    for (const [args, env] of [
      [[], {}],
      [['alice'], { AUTH_JWKS_URL: 'https://id.test/jwks' }],
    ] as const) {
      const { code, stdout } = await command('token', [...args], env);
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
    }
  });

  it('when `sign-payment` runs on a body, then it prints a Payment-Signature the service accepts for that exact body', async () => {
    const body = '{"paymentId":"pay-1","bookingId":"alice-1","amount":100000}';
    const { code, stdout } = await command('sign-payment', [body]);
    expect(code).to.equal(0);
    const header = stdout.trim();
    expect(header).to.match(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(
      checkPaymentSignature(developmentSecrets.PAYMENT_WEBHOOK_SECRET, header, body, Date.now() / 1000),
    ).to.deep.equal({ ok: true });
    expect(
      checkPaymentSignature(developmentSecrets.PAYMENT_WEBHOOK_SECRET, header, `${body} `, Date.now() / 1000).ok,
    ).to.equal(false);
  });
});

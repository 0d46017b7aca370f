// `npm run token -- <clientId> [--expires-in <seconds>]` prints a client token; `npm run token -- --operator` prints
// the operator token. Both from the same variables the service reads, or its development secrets when they are unset.
import { parseArgs } from 'node:util';
import { clientToken, secretsFromEnvironment, warnIfDevelopment } from './credentials.js';

const usage = 'usage: npm run -s token -- <clientId> [--expires-in <seconds>]  |  npm run -s token -- --operator';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { operator: { type: 'boolean', default: false }, 'expires-in': { type: 'string', default: '28800' } },
});

const { secrets, developmentFallbacks } = secretsFromEnvironment();

if (values.operator) {
  warnIfDevelopment(developmentFallbacks, 'OPERATOR_TOKEN');
  process.stdout.write(`${secrets.operatorToken}\n`);
} else {
  const [clientId] = positionals;
  const expiresIn = Number(values['expires-in']);
  if (!clientId || positionals.length > 1 || !Number.isInteger(expiresIn) || expiresIn <= 0) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  if (process.env.AUTH_JWKS_URL) {
    process.stderr.write(
      'AUTH_JWKS_URL is set: client tokens come from that identity provider, not from this command\n',
    );
    process.exit(2);
  }
  warnIfDevelopment(developmentFallbacks, 'AUTH_JWT_SECRET');
  process.stdout.write(`${await clientToken(secrets, clientId, expiresIn)}\n`);
}

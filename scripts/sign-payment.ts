// `npm run sign-payment -- '<json body>'` prints the Payment-Signature header value the payment provider would send
// with that exact body (signed now with PAYMENT_WEBHOOK_SECRET, or the development secret when it is unset).
import { paymentSignature, secretsFromEnvironment, warnIfDevelopment } from './credentials.js';

const [body, ...rest] = process.argv.slice(2);
if (body === undefined || rest.length > 0) {
  process.stderr.write("usage: npm run -s sign-payment -- '<the exact JSON body you will send>'\n");
  process.exit(2);
}
const { secrets, developmentFallbacks } = secretsFromEnvironment();
warnIfDevelopment(developmentFallbacks, 'PAYMENT_WEBHOOK_SECRET');
process.stdout.write(`${paymentSignature(secrets, body)}\n`);

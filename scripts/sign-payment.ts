// `npm run sign-payment -- '<json body>'` prints the Payment-Signature header value the payment provider would send
// with that exact body (signed now with PAYMENT_WEBHOOK_SECRET, or the development secret when it is unset).
import { paymentSignature, secretsFromEnvironment } from './credentials.js';

const [body, ...rest] = process.argv.slice(2);
if (body === undefined || rest.length > 0) {
  process.stderr.write("usage: npm run -s sign-payment -- '<the exact JSON body you will send>'\n");
  process.exit(2);
}
const { secrets, developmentFallbacks } = secretsFromEnvironment();
if (developmentFallbacks.includes('PAYMENT_WEBHOOK_SECRET')) {
  process.stderr.write(
    'PAYMENT_WEBHOOK_SECRET is unset: using the development value, which only a service on its embedded servers accepts\n',
  );
}
process.stdout.write(`${paymentSignature(secrets, body)}\n`);

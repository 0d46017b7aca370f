// Strings with invalid UTF-8: mongod stores them without validating, and a driver reading them
// without validation gets U+FFFD where the bad bytes were.
import { expect } from 'chai';
import { drivers, startTarget, uniqueDbName, type Target } from './support/target.js';
import { nextReply, openSocket, opMsg, replied } from './support/raw-socket.js';

describe('invalid UTF-8 in documents', () => {
  let target: Target;

  before(async () => {
    target = await startTarget();
  });
  after(() => target.stop());

  it('when an insert carries a string with invalid UTF-8, then it is stored and reads back (without validation) as the driver decodes the bytes', async () => {
    const db = uniqueDbName('utf8');
    const marker = 'é'.repeat(8);
    const badBytes = Buffer.from('c301'.repeat(8), 'hex');
    const message = opMsg(5, { insert: 'texts', documents: [{ _id: 1, text: marker }], $db: db });
    const at = message.indexOf(Buffer.from(marker));
    badBytes.copy(message, at);
    const socket = await openSocket(target.uri);
    socket.write(message);
    const reply = replied(await nextReply(socket));
    socket.destroy();
    expect(reply.body).to.include({ ok: 1, n: 1 });

    const client = drivers[0].connect(target.uri);
    try {
      const found = await client
        .db(db)
        .collection('texts')
        .findOne({ _id: 1 as never }, { enableUtf8Validation: false });
      expect(found!.text).to.equal(badBytes.toString('utf8'));
      await client.db(db).dropDatabase();
    } finally {
      await client.close();
    }
  });
});

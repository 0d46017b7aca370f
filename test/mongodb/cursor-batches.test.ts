// Cursor batches: when mongod closes a cursor (id 0), counted in getMore round trips.
import { expect } from 'chai';
import { MongoClient, type CommandSucceededEvent } from 'mongodb';
import { describeWithDrivers } from './support/target.js';

describeWithDrivers('cursor batches', (context) => {
  let client: MongoClient;
  const replies: CommandSucceededEvent[] = [];

  before(async () => {
    await context()
      .db.collection('six')
      .insertMany(Array.from({ length: 6 }, (_, i) => ({ _id: i as never, n: i })));
    client = new MongoClient(context().target.uri, { monitorCommands: true });
    client.on('commandSucceeded', (event) => replies.push(event));
    await client.connect();
  });
  after(() => client.close());
  beforeEach(() => (replies.length = 0));

  const six = () => client.db(context().db.databaseName).collection('six');
  const getMores = () => replies.filter((e) => e.commandName === 'getMore');
  const lastBatch = () => (getMores().at(-1)!.reply as { cursor: { nextBatch: unknown[]; id: unknown } }).cursor;

  it('when 6 documents are scanned in batches of 2, then the third getMore answers an empty batch and closes the cursor', async () => {
    const docs = await six().find({}, { batchSize: 2 }).toArray();
    expect(docs).to.have.length(6);
    expect(getMores()).to.have.length(3);
    expect(lastBatch().nextBatch).to.deep.equal([]);
    expect(String(lastBatch().id)).to.equal('0');
  });

  it('when an aggregation yields 6 documents in batches of 2, then it also takes 3 getMores', async () => {
    const docs = await six()
      .aggregate([{ $match: { n: { $gte: 0 } } }], { batchSize: 2 })
      .toArray();
    expect(docs).to.have.length(6);
    expect(getMores()).to.have.length(3);
  });

  it('when the last batch is not full, then it closes the cursor without another round trip', async () => {
    const docs = await six().find({}, { batchSize: 4 }).toArray();
    expect(docs).to.have.length(6);
    expect(getMores()).to.have.length(1);
    expect(String(lastBatch().id)).to.equal('0');
  });

  it('when a limit is reached, then the cursor closes with the last document', async () => {
    const docs = await six().find({}, { batchSize: 2, limit: 4 }).toArray();
    expect(docs).to.have.length(4);
    expect(getMores()).to.have.length(1);
    expect(String(lastBatch().id)).to.equal('0');
  });
});

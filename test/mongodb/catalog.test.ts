// Databases and collections: create, list, drop; and MongoDB's command error shapes.
import { expect } from 'chai';
import { describeWithDrivers, uniqueDbName } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('databases and collections', (context) => {
  it('when collections are created explicitly and implicitly, then listCollections shows both', async () => {
    const { db } = context();
    await db.createCollection('explicit');
    await db.collection('implicit').insertOne({ a: 1 });
    const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).to.include.members(['explicit', 'implicit']);
    const filtered = await db.listCollections({ name: 'explicit' }, { nameOnly: true }).toArray();
    expect(filtered).to.have.length(1);
    expect(filtered[0]).to.include({ name: 'explicit', type: 'collection' });
  });

  it('when a collection is created twice, then the second create fails with 48 NamespaceExists', async () => {
    await context().db.createCollection('twice');
    const error = await failure(context().db.createCollection('twice'));
    expect(error.code).to.equal(48);
  });

  it('when a collection is dropped, then it and its documents are gone; dropping a missing one succeeds', async () => {
    const { db } = context();
    await db.collection('gone').insertOne({ a: 1 });
    expect(await db.collection('gone').drop()).to.equal(true);
    expect(await db.listCollections({ name: 'gone' }).toArray()).to.have.length(0);
    expect(await db.collection('gone').countDocuments()).to.equal(0);
    expect(await db.collection('never-existed').drop()).to.equal(true);
  });

  it('when listIndexes names a missing collection, then it fails with 26 NamespaceNotFound', async () => {
    const error = await failure(context().db.collection('missing').listIndexes().toArray());
    expect(error.code).to.equal(26);
  });

  it('when databases hold data, then listDatabases names them and dropDatabase removes one', async () => {
    const { client } = context();
    const other = client.db(uniqueDbName('other'));
    await other.collection('c').insertOne({ a: 1 });
    const before = await client.db('admin').admin().listDatabases();
    expect(before.databases.map((d) => d.name)).to.include(other.databaseName);
    await other.dropDatabase();
    const after = await client.db('admin').admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.to.include(other.databaseName);
  });

  it('when admin commands run, then ping, buildInfo, hello and getParameter answer', async () => {
    const admin = context().client.db('admin').admin();
    expect((await admin.ping()).ok).to.equal(1);
    const info = await admin.buildInfo();
    expect(info.version).to.match(/^\d+\.\d+/);
    expect(info.versionArray).to.be.an('array');
    const hello = await admin.command({ hello: 1 });
    expect(hello.isWritablePrimary).to.equal(true);
    expect(hello.maxWireVersion).to.be.at.least(17);
    const fcv = await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(fcv.featureCompatibilityVersion.version).to.be.a('string');
    expect((await admin.command({ killAllSessions: [] })).ok).to.equal(1);
  });

  it('when an unknown command is sent, then it fails with 59 CommandNotFound', async () => {
    const error = await failure(context().db.command({ noSuchCommandAnywhere: 1 }));
    expect(error.code).to.equal(59);
    expect(error.codeName).to.equal('CommandNotFound');
  });

  it('when a filter uses an unknown operator, then the query fails with 2 BadValue', async () => {
    await context().db.collection('q').insertOne({ a: 1 });
    const error = await failure(
      context()
        .db.collection('q')
        .find({ a: { $bogus: 1 } })
        .toArray(),
    );
    expect(error.code).to.equal(2);
  });

  it('when getMore names an unknown cursor, then it fails with 43 CursorNotFound', async () => {
    const { db } = context();
    await db.collection('q').insertOne({ a: 2 });
    const error = await failure(db.command({ getMore: 123456789n as never, collection: 'q' }));
    expect(error.code).to.equal(43);
  });
});

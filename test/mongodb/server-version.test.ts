// The server behaves as the version it reports: 7.0 refuses what 8.0 added (sort on updateOne/replaceOne).
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('server version', (context) => {
  const ranked = () => context().db.collection('ranked');
  let major = 0;

  before(async () => {
    await ranked().insertMany([
      { _id: 1 as never, rank: 2 },
      { _id: 2 as never, rank: 1 },
    ]);
    const info = await context().db.admin().command({ buildInfo: 1 });
    major = (info.versionArray as number[])[0];
  });

  it('when buildInfo and hello are asked, then the version and the wire version agree (7.0 is wire version 21)', async () => {
    const info = await context().db.admin().command({ buildInfo: 1 });
    const hello = await context().db.admin().command({ hello: 1 });
    expect(info.version).to.match(/^\d+\.\d+\.\d+/);
    if (major === 7) expect(hello.maxWireVersion).to.equal(21);
    if (major === 8) expect(hello.maxWireVersion).to.equal(25);
  });

  it('when updateOne or replaceOne carries a sort, then 7.0 refuses the command (unknown field) and 8.0 applies it to the first in order', async () => {
    const update = ranked().updateOne({}, { $set: { picked: true } }, { sort: { rank: 1 } });
    const replace = ranked().replaceOne({}, { rank: 9 }, { sort: { rank: -1 } });
    if (major < 8) {
      for (const error of [await failure(update), await failure(replace)]) {
        expect(error.code).to.equal(40415);
        expect(error.message).to.match(/^BSON field 'update\.updates\.sort' is an unknown field/);
      }
      expect(await ranked().countDocuments({ picked: true })).to.equal(0);
      return;
    }
    await update;
    await replace;
    expect(await ranked().findOne({ picked: true })).to.deep.include({ _id: 2 });
    expect(await ranked().findOne({ _id: 1 as never })).to.deep.equal({ _id: 1, rank: 9 });
  });
});

// Refusals worded as mongod words them: unknown query operators, an unknown explain verbosity.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('query errors', (context) => {
  const items = () => context().db.collection('items');

  before(async () => {
    await items().insertMany([{ a: 1 }, { a: 2 }]);
  });

  it('when a filter uses an unknown operator, then the find fails with 2 and "unknown operator: $ltx"', async () => {
    const error = await failure(
      items()
        .find({ a: { $ltx: 1 } } as never)
        .toArray(),
    );
    expect(error.code).to.equal(2);
    expect(error.message).to.equal('unknown operator: $ltx');
  });

  it("when a filter has an unknown top-level operator, then the find fails with 2 and mongod's hint about $getField", async () => {
    const error = await failure(
      items()
        .find({ $bogus: 1 } as never)
        .toArray(),
    );
    expect(error.code).to.equal(2);
    expect(error.message).to.match(/^unknown top level operator: \$bogus\./);
  });

  it('when explain is asked for an unknown verbosity, then it is refused', async () => {
    const error = await failure(
      context().db.command({ explain: { find: 'items', filter: {} }, verbosity: 'everything' }),
    );
    expect(error.message).to.match(/verbosity/);
    const explained = await context().db.command({ explain: { find: 'items', filter: {} }, verbosity: 'queryPlanner' });
    expect(explained.queryPlanner).to.be.an('object');
  });
});

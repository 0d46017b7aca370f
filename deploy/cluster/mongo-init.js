// Run once by the cluster profile's mongo-init container (mongosh): makes the three mongod a replica set "rs0".
/* global rs, print, sleep */
// Idempotent: on a restart the set already exists and this only waits for a primary.
try {
  rs.status();
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error;
  rs.initiate({
    _id: 'rs0',
    members: [
      { _id: 0, host: 'mongo1:27017' },
      { _id: 1, host: 'mongo2:27017' },
      { _id: 2, host: 'mongo3:27017' },
    ],
  });
}
// The services start after this container exits 0: wait for an elected primary so their first writes succeed.
for (let i = 0; i < 60 && !rs.status().members.some((member) => member.stateStr === 'PRIMARY'); i++) sleep(1000);
if (!rs.status().members.some((member) => member.stateStr === 'PRIMARY'))
  throw new Error('no primary elected within 60 s');
print('replica set rs0 has a primary');

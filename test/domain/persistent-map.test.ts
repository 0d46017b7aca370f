// The persistent map behind the concert state: every version answers as a Map copied at that point would.
import { expect } from 'chai';
import { PersistentMap } from '../../src/core/persistent-map.js';

describe('persistent map (the concert state maps)', () => {
  it('when keys are set and deleted many times, then every version answers like a Map copied at that point', () => {
    let map = PersistentMap.empty<string, number>();
    const model = new Map<string, number>();
    const versions: { map: PersistentMap<string, number>; model: Map<string, number> }[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 2_000; step++) {
      const key = `k${Math.floor(random() * 300)}`;
      if (random() < 0.7) {
        map = map.set(key, step);
        model.set(key, step);
      } else {
        map = map.delete(key);
        model.delete(key);
      }
      if (step % 97 === 0) versions.push({ map, model: new Map(model) });
    }
    versions.push({ map, model });
    for (const version of versions) {
      expect(version.map.size).to.equal(version.model.size);
      expect(new Map(version.map)).to.deep.equal(version.model);
      for (let k = 0; k < 300; k++) {
        expect(version.map.get(`k${k}`)).to.equal(version.model.get(`k${k}`));
        expect(version.map.has(`k${k}`)).to.equal(version.model.has(`k${k}`));
      }
    }
  });

  it('when a key is deleted that is not there, then the same map comes back', () => {
    const map = PersistentMap.from([['a', 1]]);
    expect(map.delete('b')).to.equal(map);
    expect([...map.keys()]).to.deep.equal(['a']);
  });
});

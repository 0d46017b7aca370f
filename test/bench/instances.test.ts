// BENCH_INSTANCES / BENCH_ROLES: how the service benchmark spreads roles over its instances, and what it refuses.
import { expect } from 'chai';
import { instancesPlan, processCpuSeconds } from '../../bench/instances.js';
import { unsetForEachTest } from '../support/unset-environment.js';

describe('benchmark instances', () => {
  unsetForEachTest(['BENCH_INSTANCES', 'BENCH_ROLES']);

  it('when neither is set, then the plain benchmark runs (one in-process service)', () => {
    expect(instancesPlan()).to.equal(undefined);
  });

  it('when only the count is set, then every instance runs every role', () => {
    process.env.BENCH_INSTANCES = '3';
    expect(instancesPlan()).to.deep.equal({ count: 3, roles: Array(3).fill('api,processes,view,expirer') });
  });

  it("when roles are given per instance, then the last one's repeats for the instances left", () => {
    process.env.BENCH_INSTANCES = '3';
    process.env.BENCH_ROLES = 'api;processes,view,expirer';
    expect(instancesPlan()?.roles).to.deep.equal(['api', 'processes,view,expirer', 'processes,view,expirer']);
    process.env.BENCH_INSTANCES = '1';
    process.env.BENCH_ROLES = 'api,processes,view,expirer';
    expect(instancesPlan()).to.deep.equal({ count: 1, roles: ['api,processes,view,expirer'] });
  });

  it('when a role is unknown, or no instance serves the API, then the run stops saying so', () => {
    process.env.BENCH_INSTANCES = '2';
    process.env.BENCH_ROLES = 'api;workers';
    expect(() => instancesPlan()).to.throw('BENCH_ROLES: unknown role(s) workers');
    process.env.BENCH_ROLES = 'processes;view';
    expect(() => instancesPlan()).to.throw('BENCH_ROLES: no instance runs the api role');
  });

  it("when a process's CPU is read from /proc, then it grows as the process works", () => {
    const before = processCpuSeconds(process.pid);
    // 100 ms of this process's own CPU time, however busy the machine: ten of /proc's clock ticks.
    const cpuAtStart = process.cpuUsage();
    while (process.cpuUsage(cpuAtStart).user < 100_000) Math.sqrt(Math.random());
    expect(processCpuSeconds(process.pid) - before).to.be.within(0.05, 5);
  });
});

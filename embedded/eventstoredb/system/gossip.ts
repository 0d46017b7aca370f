// Gossip.Read: a cluster of one member, alive and leader, so that `esdb+discover://` connections work too.
import type * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { toUuid } from '../grpc/convert.js';
import { gossipGrpc, gossipPb, sharedPb } from '../grpc/protocol.js';
import type { EmbeddedService } from '../plugin.js';

type Empty = InstanceType<typeof sharedPb.Empty>;
type ClusterInfo = InstanceType<typeof gossipPb.ClusterInfo>;

export function createGossipService(endpoint: () => { host: string; port: number }): EmbeddedService {
  const instanceId = randomUUID();
  const read: grpc.handleUnaryCall<Empty, ClusterInfo> = (_call, callback) => {
    const { host, port } = endpoint();
    const member = new gossipPb.MemberInfo()
      .setInstanceId(toUuid(instanceId, 'structured'))
      .setTimeStamp((BigInt(Date.now()) * 10_000n).toString())
      .setState(gossipPb.MemberInfo.VNodeState.LEADER)
      .setIsAlive(true)
      .setHttpEndPoint(new gossipPb.EndPoint().setAddress(host).setPort(port));
    callback(null, new gossipPb.ClusterInfo().setMembersList([member]));
  };
  return { definition: gossipGrpc.GossipService, implementation: { read } };
}

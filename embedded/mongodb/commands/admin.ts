// Handshake and administrative commands the driver and common tools send.
import { MongoServerError } from '../errors.js';
import type { CommandHandler } from './context.js';

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const VERSION = '7.0.0';

/**
 * The hello reply. It deliberately has no topologyVersion (the driver would switch to streaming
 * hello, which this server does not do) and no setName (a standalone: no transactions).
 */
export const hello: CommandHandler = (_command, context) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: context.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['memory'],
  modules: [],
  ok: 1,
});

const PARAMETERS: Record<string, unknown> = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  maxBSONDepth: 100,
  logLevel: 0,
};

const getParameter: CommandHandler = (command) => {
  if (command.getParameter === '*') return { ...PARAMETERS, ok: 1 };
  const reply: Record<string, unknown> = {};
  for (const name of Object.keys(command)) {
    if (name in PARAMETERS) reply[name] = PARAMETERS[name];
  }
  if (Object.keys(reply).length === 0) throw new MongoServerError(72, 'no option found to get');
  return { ...reply, ok: 1 };
};

const ok: CommandHandler = () => ({ ok: 1 });

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildinfo: buildInfo,
  buildInfo,
  getParameter,
  // Sessions carry no server-side state here: there are no transactions to abort.
  endSessions: ok,
  killAllSessions: ok,
  killSessions: ok,
  refreshSessions: ok,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: (_command, context) => ({ you: `connection ${context.connectionId}`, ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'embedded', cpuArch: process.arch }, os: { type: process.platform }, ok: 1 }),
  serverStatus: () => ({
    host: 'embedded',
    version: VERSION,
    process: 'mongod',
    uptime: Math.floor(process.uptime()),
    localTime: new Date(),
    ok: 1,
  }),
};

// `npm run build`'s second step: what the compiled service reads at run time besides its JavaScript, copied next to
// it in dist/ (tsc copies only what it compiles), so that `node dist/src/main.js` runs as `npm start` does.
import { cpSync } from 'node:fs';

const outDir = process.argv[2] ?? 'dist';

/** Each is read relative to the compiled module that needs it (import.meta.url), or next to the compiled sources. */
export const buildAssets = [
  // The embedded EventStoreDB's wire definitions (embedded/eventstoredb/grpc/messages.ts).
  'embedded/eventstoredb/grpc/protocol.json',
  // The service's projections, deployed at start-up (src/projections/projection-files.ts).
  'projections',
];

for (const asset of buildAssets) cpSync(asset, `${outDir}/${asset}`, { recursive: true });

// The projections this service ships: every `<name>.js` file of the top-level projections/ folder, as deployable definitions.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface ProjectionFile {
  /** The file name without `.js`: the projection's name on the server. */
  readonly name: string;
  readonly query: string;
  /** sha256 of the query: what deployment compares to decide whether the server's copy is current. */
  readonly queryHash: string;
  /** True when the query writes events (emit, copyTo) or links (linkTo): the server must allow emitting. */
  readonly emits: boolean;
}

export const projectionsDirectory = fileURLToPath(new URL('../../projections/', import.meta.url));

const WRITES_EVENTS = /\b(emit|linkTo|copyTo)\s*\(/;

export async function readProjectionFiles(directory: string = projectionsDirectory): Promise<ProjectionFile[]> {
  const names = (await readdir(directory)).filter((file) => file.endsWith('.js')).sort();
  return Promise.all(
    names.map(async (file) => {
      const query = await readFile(`${directory}/${file}`, 'utf8');
      return {
        name: file.slice(0, -'.js'.length),
        query,
        queryHash: createHash('sha256').update(query).digest('hex'),
        emits: WRITES_EVENTS.test(query),
      };
    }),
  );
}

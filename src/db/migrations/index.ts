import { Foundation1764201600000 } from './1764201600000-foundation';

/** Every migration in order; the server runs them at start, the CLI through ormconfig.ts. */
export const migrations = [Foundation1764201600000];

import 'reflect-metadata';
import path from 'node:path';
import { createSchema, writeSchemaFile } from '../src/schema';

/** Writes the served schema to `schema.graphql` at the repository root (`npm run schema:emit`). */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', 'schema.graphql');
  writeSchemaFile(await createSchema(), file);
  console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

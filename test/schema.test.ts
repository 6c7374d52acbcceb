import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges, type GraphQLSchema } from 'graphql';
import { createSchema, printSchemaSdl } from '../src/schema';

const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema.graphql');
// shared/ sits beside the clone both here and in CI, so this relative path holds in both.
const CONTRACT_FILE = path.resolve(__dirname, '../../shared/contract.graphql');

function readRequired(file: string, what: string): string {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}`);
  return readFileSync(file, 'utf8');
}

describe('schema', () => {
  let served: GraphQLSchema;

  beforeAll(async () => {
    served = await createSchema();
  });

  it('matches the checked-in schema.graphql', () => {
    const checkedIn = readRequired(SCHEMA_FILE, 'schema.graphql (run `npm run schema:emit`)');
    const current = printSchemaSdl(served);
    if (current !== checkedIn) {
      throw new Error('schema.graphql is out of date: run `npm run schema:emit` and commit the result');
    }
  });

  it('honours the public API contract (shared/contract.graphql)', () => {
    const contract = buildSchema(readRequired(CONTRACT_FILE, 'The API contract'));
    const breaking = findBreakingChanges(contract, served).map((change) => `  ${change.type}: ${change.description}`);
    if (breaking.length > 0) {
      throw new Error(`The served schema breaks the contract in ${breaking.length} places:\n${breaking.join('\n')}`);
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges, type GraphQLSchema } from 'graphql';
import { createSchema, printSchemaSdl } from '../src/schema';

const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema.graphql');
// A byte-for-byte copy of shared/contract.graphql, kept in the repository so a fresh clone passes on
// its own; .ci/run fails when the copy and ../shared/contract.graphql (beside the clone) differ.
const CONTRACT_FILE = path.resolve(__dirname, 'contract', 'contract.graphql');
/** The additions of the issue on people and records (shared/contract-additions.graphql), read with the contract. */
const ADDITIONS_FILE = path.resolve(__dirname, 'contract', 'contract-additions.graphql');

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

  it('honours the public API contract (test/contract/, copies of shared/contract.graphql and contract-additions.graphql)', () => {
    const contract = buildSchema(`${readRequired(CONTRACT_FILE, 'The API contract')}\n${readRequired(ADDITIONS_FILE, 'The contract additions')}`);
    const breaking = findBreakingChanges(contract, served).map((change) => `  ${change.type}: ${change.description}`);
    if (breaking.length > 0) {
      throw new Error(`The served schema breaks the contract in ${breaking.length} places:\n${breaking.join('\n')}`);
    }
  });
});

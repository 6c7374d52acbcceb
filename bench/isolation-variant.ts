/**
 * `node -r @swc-node/register bench/isolation-variant.ts <dir>`: writes to <dir> a copy of src/
 * whose requests run without tenant isolation's database side (no transaction, no role switch,
 * no settings, so as the connecting superuser that row-level security does not bind, and no
 * COMMIT). The application's own `organisation_id = $1` predicates stay. Then
 *
 *   npm run bench -- --no-fanout --variant-src <dir> --variant-label "no transaction, no RLS"
 *
 * measures what the per-request transaction and RLS cost the server itself, in the same run.
 * Only for reading: mutations need the transaction. The copy is patched by exact text and
 * refuses to build when the text it expects has changed.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PATCHES: { file: string; from: string; to: string }[] = [
  {
    file: 'src/db/request-db.ts',
    from: "`START TRANSACTION; SELECT set_config('role', '${APP_ROLE}', true), ` +\n      `set_config('app.organisation_id', ${uuidLiteral(scope.organisationId)}, true), set_config('app.user_id', ${uuidLiteral(scope.userId)}, true)` +\n      (lookup ? `; ${lookup}` : ''),",
    // Still two statements, so that pg answers with a list of results as before.
    to: "'SELECT 1' + (lookup ? `; ${lookup}` : ''),",
  },
  { file: 'src/db/request-db.ts', from: '  state.isTransactionActive = true;\n  state.transactionDepth = 1;\n', to: '' },
  { file: 'src/db/request-db.ts', from: '      if (commit) await runner.commitTransaction();\n      else await runner.rollbackTransaction();', to: '' },
];

const target = process.argv[2];
if (!target) throw new Error('usage: isolation-variant.ts <dir>');
const root = path.resolve(__dirname, '..');
cpSync(path.join(root, 'src'), path.join(target, 'src'), { recursive: true });
for (const { file, from, to } of PATCHES) {
  const where = path.join(target, file);
  const text = readFileSync(where, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains the text this variant patches:\n${from}`);
  writeFileSync(where, text.replace(from, to));
}
console.log(`wrote ${target}/src without the per-request transaction and RLS`);

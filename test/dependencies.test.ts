import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Versions below these carry known denial-of-service or CSRF fixes the hardening relies on:
// graphql 16.8.1 (CVE-2023-26144, overlapping fields), @apollo/server 5.5.0 (GHSA-9q82-xgwf-vj6h,
// GET with text/plain), ws 8.21.1 (fragment flood; 8.17.1 for CVE-2024-37890, header overflow).
const MINIMUM: Record<string, [number, number, number]> = {
  graphql: [16, 8, 1],
  '@apollo/server': [5, 5, 0],
  ws: [8, 21, 1],
};

/** The package.json Node would find for `name` from `from` (package exports may hide it from require). */
function manifestPath(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}

const root = path.resolve(__dirname, '..');

function installedVersion(name: string, from = root): [number, number, number] {
  const manifest = JSON.parse(readFileSync(manifestPath(name, from), 'utf8')) as { version: string };
  const [major, minor, patch] = manifest.version.split(/[.-]/).map(Number);
  return [major!, minor!, patch!];
}

const atLeast = (version: number[], minimum: number[]) => {
  for (let i = 0; i < 3; i += 1) if (version[i] !== minimum[i]) return version[i]! > minimum[i]!;
  return true;
};

describe('dependency versions', () => {
  it.each(Object.entries(MINIMUM))('%s is at least the fixed version', (name, minimum) => {
    expect({ name, version: installedVersion(name).join('.'), ok: atLeast(installedVersion(name), minimum) }).toMatchObject({ ok: true });
  });

  it('graphql-ws and Apollo use the same graphql and ws the app does', () => {
    const graphqlWs = path.dirname(manifestPath('graphql-ws', root));
    expect(installedVersion('ws', graphqlWs)).toEqual(installedVersion('ws'));
    const apollo = path.dirname(manifestPath('@apollo/server', root));
    expect(installedVersion('graphql', apollo)).toEqual(installedVersion('graphql'));
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NOT_PICTURED, SCREENS } from '../scripts/screens';

/**
 * The README's pictures (`npm run screenshots`) keep up with the web app: a page added to
 * web/src/router.ts is pictured, or said not to be and why. Whether each picture shows its route
 * the script checks as it takes it (the address bar's fragment, through parseRoute).
 */

/** The route names of web/src/router.ts's `Route` union, read from its source (a type has no value to import). */
function declaredRoutes(): string[] {
  const source = readFileSync(path.resolve(__dirname, '..', 'web', 'src', 'router.ts'), 'utf8');
  const start = source.indexOf('export type Route =');
  // The union ends with its line's semicolon; its members' fields are separated by `; `.
  const union = source.slice(start, source.indexOf(';\n', start));
  return [...union.matchAll(/name: '([a-z-]+)'/g)].map((match) => match[1]!);
}

describe('npm run screenshots', () => {
  it('pictures every route of the router, or says why not', () => {
    const routes = declaredRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const pictured = new Set(SCREENS.map((screen) => screen.route));
    const explained = new Set(Object.keys(NOT_PICTURED));
    expect(routes.filter((route) => !pictured.has(route as never) && !explained.has(route))).toEqual([]);
    expect([...pictured, ...explained].filter((route) => !routes.includes(route))).toEqual([]);
    expect([...pictured].filter((route) => explained.has(route))).toEqual([]);
  });

  it('names every picture once', () => {
    const names = SCREENS.map((screen) => screen.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z-]*$/);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';

// The project brings its own Node (the `node` package, a dev dependency, puts it first on npm
// scripts' PATH): the suite, the servers it starts and `npm start` run on the supported LTS,
// whatever Node the machine has.
describe('the runtime', () => {
  it('is the Node that package.json pins, of the LTS line .nvmrc and engines name', () => {
    const root = path.resolve(__dirname, '..');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const nvmrc = readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
    expect(process.versions.node).toBe(pkg.devDependencies.node);
    expect(process.versions.node.split('.')[0]).toBe(nvmrc);
    expect(pkg.engines.node).toBe('>=22');
    expect(readFileSync(path.join(root, 'docker', 'Dockerfile'), 'utf8').match(/^FROM node:(\d+)-/gm)).toEqual([`FROM node:${nvmrc}-`, `FROM node:${nvmrc}-`]);
  });
});

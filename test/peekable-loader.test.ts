import { PeekableLoader } from '../src/common/loader-utils';

/** A loader of `value:<key>` that records its batches. */
function loader() {
  const batches: string[][] = [];
  const load = new PeekableLoader<string, string>(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => (key === 'bad' ? new Error('no such key') : `value:${key}`));
  });
  return { load, batches };
}

describe('PeekableLoader', () => {
  it('answers with a promise until a key is loaded, then with the value itself', async () => {
    const { load, batches } = loader();
    const first = load.get('a');
    expect(first).toBeInstanceOf(Promise);
    await expect(first).resolves.toBe('value:a');
    expect(load.get('a')).toBe('value:a');
    expect(batches).toEqual([['a']]);
  });

  it('holds a primed value, unless the cache already held the key (as DataLoader keeps the first)', async () => {
    const { load, batches } = loader();
    load.prime('p', 'primed');
    expect(load.get('p')).toBe('primed');
    const pending = load.load('q');
    load.prime('q', 'too late');
    const whilePending = load.get('q');
    expect(whilePending).toBeInstanceOf(Promise);
    await expect(whilePending).resolves.toBe('value:q');
    await expect(pending).resolves.toBe('value:q');
    expect(load.get('q')).toBe('value:q');
    expect(batches).toEqual([['q']]);
  });

  it('never holds an error or a promise, and forgets what is cleared', async () => {
    const { load } = loader();
    await expect(load.load('bad')).rejects.toThrow('no such key');
    const again = load.get('bad');
    expect(again).toBeInstanceOf(Promise);
    await expect(again).rejects.toThrow('no such key');
    load.prime('later', Promise.resolve('eventually') as unknown as string);
    expect(load.get('later')).toBeInstanceOf(Promise);
    await load.load('c');
    load.clear('c');
    expect(load.get('c')).toBeInstanceOf(Promise);
    load.prime('d', 'primed');
    load.clearAll();
    expect(load.get('d')).toBeInstanceOf(Promise);
  });
});

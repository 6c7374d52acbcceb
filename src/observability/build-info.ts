import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What is running: package.json's version and the commit it was built from (null when unknown). */
export interface BuildInfo {
  readonly version: string;
  readonly commit: string | null;
}

/** The repository root: the nearest folder above this file with a package.json (src/ and dist/src/ alike). */
function rootOf(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${start}`);
    dir = up;
  }
  return dir;
}

/** The commit a checkout's HEAD names, read from its files (no git binary needed); null when not a checkout. */
function commitOfCheckout(root: string): string | null {
  try {
    let gitDir = path.join(root, '.git');
    // A worktree's .git is a file naming its git directory.
    if (statSync(gitDir).isFile())
      gitDir = path.resolve(
        root,
        readFileSync(gitDir, 'utf8')
          .replace(/^gitdir:\s*/, '')
          .trim(),
      );
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const common = existsSync(path.join(gitDir, 'commondir')) ? path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim()) : gitDir;
    for (const dir of [gitDir, common]) {
      const file = path.join(dir, ref);
      if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    }
    const packed = readFileSync(path.join(common, 'packed-refs'), 'utf8')
      .split('\n')
      .find((line) => line.endsWith(` ${ref}`));
    return packed?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

let cached: BuildInfo | undefined;

/**
 * The running build, read once: `GIT_COMMIT` when the image was built with it (docker/Dockerfile
 * takes it as a build argument), else the checkout's HEAD.
 */
export function buildInfo(): BuildInfo {
  if (cached) return cached;
  const root = rootOf(__dirname);
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  cached = { version, commit: process.env.GIT_COMMIT?.trim() || commitOfCheckout(root) };
  return cached;
}

// Locates the repository root (the folder holding package.json) from compiled or source code alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repoRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}

/** The shipped learned-router model file. */
export const defaultRouterModelPath = (): string => join(repoRoot(), 'models', 'router', 'router-v1.json');
/** ../shared/routing next to the repository (evaluation data; never shipped). */
export const defaultRoutingDataDir = (): string => join(repoRoot(), '..', 'shared', 'routing');

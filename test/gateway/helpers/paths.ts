// Locates the repository root from this file (works from test/ under tsx and from dist/test/ compiled).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
}

export const ROOT = findRoot();

/** Text of a recorded fixture under test/fixtures/openai. */
export function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'openai', name), 'utf8');
}

/** A JSON fixture, parsed. */
export function jsonFixture(name: string): unknown {
  return JSON.parse(fixture(name));
}

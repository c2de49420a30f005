// A `margin serve` process started from a config file (YAML text) in its own folder, as an operator runs one
// replica: its URL once it listens, its log, and stop / kill.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCode, lines, spawnServe } from './spawn-serve.js';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  log: string[];
  waitFor(re: RegExp): Promise<string>;
  /** SIGTERM (or another signal); resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServe(dir: string, yaml: string): Promise<ServeProcess> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'margin.yaml'), yaml);
  const child = spawnServe(['--config', 'margin.yaml', '--port', '0'], dir);
  const out = lines(child);
  const line = await out.waitFor(/listening on/);
  const url = /listening on (http:\/\/[^ ]+)/.exec(line)?.[1];
  if (!url) throw new Error(`no URL in: ${line}`);
  return {
    url,
    child,
    log: out.all,
    waitFor: out.waitFor,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exitCode(child);
    },
  };
}

/** POSTs a chat request; resolves with the status, the headers that matter and the body text. */
export async function chat(
  url: string,
  body: Record<string, unknown>,
  key?: string,
): Promise<{ status: number; id: string | null; cache: string | null; text: string }> {
  const r = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Tell me a long story.' }], ...body }),
  });
  const text = await r.text();
  return {
    status: r.status,
    id: r.headers.get('x-margin-request-id'),
    cache: r.headers.get('x-margin-cache'),
    text,
  };
}

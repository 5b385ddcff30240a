// Starts a real parleyd on 127.0.0.1 (port 0) with a fresh data directory, the flags of
// tests/integration/harness.py (cheap password hashing, relaxed rate limits), and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// routeLimits: more "METHOD /route=N/window" overrides (one flag value: the last flag wins).
export async function startServer({ extraArgs = [], webRoot, routeLimits = [] } = {}) {
  const bin = process.env.PARLEYD;
  if (!bin) throw new Error('PARLEYD must name the parleyd binary');
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  const args = ['--data', dataDir, '--listen', '127.0.0.1:0', '--password-cost', 'minimal', '--log-level', 'warn',
    '--rate-limit-global', '1000000', '--rate-limit-route', ['POST /auth/register=100000/60s', 'POST /auth/login=100000/60s', ...routeLimits].join(','),
    ...(webRoot ? ['--web-root', webRoot] : []), ...extraArgs];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parleyd did not start:\n${log.join('')}`)), 20000);
    let buf = '';
    proc.stdout.on('data', (chunk) => {
      buf += chunk;
      log.push(String(chunk));
      const m = buf.match(/parleyd listening on (\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.stderr.on('data', (chunk) => log.push(String(chunk)));
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`parleyd exited (${code}):\n${log.join('')}`)); });
  });
  return {
    url,
    log,
    async stop() {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 15000);
        await done;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];


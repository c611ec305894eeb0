#!/usr/bin/env node
// Loopback Bluesky PDS for tests: the real @atproto/pds (+ an in-memory PLC)
// started through @atproto/dev-env's TestNetworkNoAppView. No app view.
//
// Usage (run with the Node 22 binary installed by scripts/install-test-servers.sh):
//   node tests/networks/bluesky/bluesky_pds.mjs [--pds-port N] [--plc-port N] handle:password ...
//
//   Ports default to $PDS_PORT / $PLC_PORT, else 0 (= a free port is chosen).
//   A handle without a dot gets ".test" appended (the dev PDS only serves
//   handles under ".test" / ".example").
//
// Once ready it prints exactly ONE JSON line on stdout:
//   {"pds_url": ..., "plc_url": ..., "accounts": [{"handle","did","password","email"}],
//    "admin_password": ..., "startup_ms": {...}}
// and keeps running until stdin closes, or SIGTERM / SIGINT arrives.
// Everything else (logs, errors) goes to stderr. Exit code 2 = bad arguments,
// 1 = startup failure.
//
// Servers are bound to 127.0.0.1 only (see the listen() patch below).

import dns from 'node:dns';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const t0 = performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));

// ---- stdout is reserved for the single JSON line --------------------------
const writeResult = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);

const die = (code, msg) => {
  process.stderr.write(`bluesky_pds: ${msg}\n`);
  process.exit(code);
};

// ---- arguments ------------------------------------------------------------
const args = process.argv.slice(2);
let pdsPort = Number(process.env.PDS_PORT || 0);
let plcPort = Number(process.env.PLC_PORT || 0);
const accountSpecs = [];
let ignoreStdin = /^(1|true)$/i.test(process.env.PDS_IGNORE_STDIN || '');
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--pds-port') pdsPort = Number(args[++i]);
  else if (a === '--plc-port') plcPort = Number(args[++i]);
  else if (a.startsWith('--pds-port=')) pdsPort = Number(a.split('=')[1]);
  else if (a.startsWith('--plc-port=')) plcPort = Number(a.split('=')[1]);
  else if (a === '--ignore-stdin') ignoreStdin = true;
  else if (a === '-h' || a === '--help') {
    process.stderr.write('usage: bluesky_pds.mjs [--pds-port N] [--plc-port N] [--ignore-stdin] handle:password ...\n');
    process.exit(0);
  } else if (a.startsWith('--')) die(2, `unknown option ${a}`);
  else {
    const idx = a.indexOf(':');
    if (idx <= 0 || idx === a.length - 1) die(2, `account must be handle:password, got ${a}`);
    let handle = a.slice(0, idx).toLowerCase();
    if (!handle.includes('.')) handle = `${handle}.test`;
    if (!handle.endsWith('.test') && !handle.endsWith('.example')) {
      die(2, `handle ${handle} must end with .test or .example`);
    }
    accountSpecs.push({ handle, password: a.slice(idx + 1) });
  }
}
for (const [name, p] of [['pds', pdsPort], ['plc', plcPort]]) {
  if (!Number.isInteger(p) || p < 0 || p > 65535) die(2, `bad ${name} port ${p}`);
}

// ---- loopback only --------------------------------------------------------
// @atproto/pds and @did-plc/server call app.listen(port) which binds every
// interface. Force a bare-port listen() onto 127.0.0.1, and make "localhost"
// (the PDS public URL host) resolve to IPv4 first inside this process.
dns.setDefaultResultOrder('ipv4first');
const origListen = net.Server.prototype.listen;
net.Server.prototype.listen = function patchedListen(...largs) {
  if (typeof largs[0] === 'number' || (typeof largs[0] === 'string' && /^\d+$/.test(largs[0]))) {
    if (largs.length === 1 || typeof largs[1] === 'function') {
      largs.splice(1, 0, '127.0.0.1');
    }
  } else if (largs[0] && typeof largs[0] === 'object' && !(largs[0] instanceof net.Server)
    && 'port' in largs[0] && largs[0].host === undefined && largs[0].path === undefined) {
    largs[0] = { ...largs[0], host: '127.0.0.1' };
  }
  return origListen.apply(this, largs);
};

// ---- locate the installed @atproto/dev-env --------------------------------
const serversDir = process.env.NEWSROOM_TEST_SERVERS_DIR
  || path.resolve(here, '..', '..', '..', '.cache', 'test-servers');
let devEnvDist;
try {
  const req = createRequire(path.join(serversDir, 'pds', 'package.json'));
  devEnvDist = path.dirname(req.resolve('@atproto/dev-env'));
} catch (err) {
  die(1, `@atproto/dev-env not found under ${serversDir} (run scripts/install-test-servers.sh): ${err.message}`);
}

// V8 compile cache (Node >= 22.1): saves ~0.25 s of the ~1.5 s import.
try {
  const mod = await import('node:module');
  mod.enableCompileCache?.(path.join(serversDir, 'compile-cache'));
} catch {
  // optional
}

// atproto's pino logger is off unless LOG_ENABLED=true; if it is turned on,
// keep it off stdout.
process.env.LOG_DESTINATION ??= '/dev/stderr';

// Import only what is needed: dist/index.js would also load bsky, ozone, bsync...
const tImport0 = performance.now();
const { TestNetworkNoAppView } = await import(
  pathToFileURL(path.join(devEnvDist, 'network-no-appview.js')).href
);
const tImport1 = performance.now();

// Our own data dir so that everything is removed on exit (dev-env would
// otherwise leave sqlite files and blobs in $TMPDIR).
const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-pds-'));
let network;
let closing = false;

const shutdown = async (code = 0) => {
  if (closing) return;
  closing = true;
  const timer = setTimeout(() => process.exit(code), 5000);
  timer.unref();
  try {
    if (network) await network.close();
  } catch (err) {
    process.stderr.write(`bluesky_pds: error while closing: ${err?.stack || err}\n`);
  } finally {
    fs.rmSync(dataRoot, { recursive: true, force: true });
    process.exit(code);
  }
};
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

try {
  const tNet0 = performance.now();
  // NB: never pass `port: undefined` - dev-env spreads the config after its
  // own chosen port, so an undefined key would override it (PDS falls back
  // to 2583, PLC to a random port that does not match plc.url).
  network = await TestNetworkNoAppView.create({
    plc: plcPort ? { port: plcPort } : {},
    pds: {
      ...(pdsPort ? { port: pdsPort } : {}),
      hostname: 'localhost',
      dataDirectory: dataRoot,
      blobstoreDiskLocation: path.join(dataRoot, 'blobs'),
      // No app view / moderation service: point them at a closed loopback port so
      // proxied app.bsky.* calls fail at once (502 UpstreamFailure) without any
      // DNS lookup of dev-env's default "appview.invalid".
      bskyAppViewUrl: 'http://127.0.0.1:1',
      modServiceUrl: 'http://127.0.0.1:1',
    },
  });
  const tNet1 = performance.now();

  const sc = network.getSeedClient();
  // Accounts are independent: create them concurrently (output keeps argv order).
  const accounts = await Promise.all(accountSpecs.map(async (spec, i) => {
    const local = spec.handle.split('.')[0];
    const email = `${local}.${i}@example.com`;
    const acct = await sc.createAccount(`${local}${i}`, {
      handle: spec.handle,
      email,
      password: spec.password,
    });
    return { handle: acct.handle, did: acct.did, password: spec.password, email };
  }));
  const tAcc1 = performance.now();

  writeResult({
    pds_url: network.pds.url,
    plc_url: network.plc.url,
    accounts,
    admin_password: 'admin-pass',
    pid: process.pid,
    startup_ms: {
      import: Math.round(tImport1 - tImport0),
      network: Math.round(tNet1 - tNet0),
      accounts: Math.round(tAcc1 - tNet1),
      total_in_process: Math.round(tAcc1 - t0),
    },
  });
} catch (err) {
  process.stderr.write(`bluesky_pds: startup failed: ${err?.stack || err}\n`);
  for (let c = err?.cause; c; c = c.cause) process.stderr.write(`  caused by: ${c?.stack || c}\n`);
  await shutdown(1);
}

// Keep running until our parent closes stdin (unless --ignore-stdin: then
// only a signal stops it, e.g. when started by hand with </dev/null).
if (ignoreStdin) {
  setInterval(() => {}, 1 << 30);
} else {
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => shutdown(0));
  process.stdin.on('close', () => shutdown(0));
  process.stdin.on('error', () => shutdown(0));
  process.stdin.resume();
}

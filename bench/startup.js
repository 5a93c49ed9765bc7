// Startup time: process start to the first 200 of GET /api/health, N rounds, the candidates interleaved.
//   node bench/startup.js <runs> <candidates.json>
// candidates.json: [{"name": "...", "command": "path", "args": [], "env": {...}, "portVariable": "ASPNETCORE_URLS",
//                    "headers": {...}}]
// A portVariable of ASPNETCORE_URLS gets http://127.0.0.1:<port>, any other gets the bare port; "{port}" in an argument
// becomes the port too (the Functions host takes it as an argument). headers go with each probe (a function key).
// Each candidate runs in its own process group, which is ended as a whole (a host ends its worker with it).
// Prints one JSON object: per candidate every time in ms, the median and the minimum.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const runs = Number(process.argv[2] || 10);
const candidates = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));

const freePort = () => new Promise((resolve) => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

const probe = (port, headers) => new Promise((resolve) => {
  const request = http.get({ host: '127.0.0.1', port, path: '/api/health', headers, agent: false }, (response) => {
    response.resume();
    resolve(response.statusCode);
  });
  request.on('error', () => resolve(0));
  request.setTimeout(5000, () => { request.destroy(); resolve(0); });
});

async function once(candidate) {
  const port = await freePort();
  const env = { ...process.env, ...candidate.env };
  if (candidate.portVariable) env[candidate.portVariable] = candidate.portVariable === 'ASPNETCORE_URLS' ? `http://127.0.0.1:${port}` : String(port);
  const args = (candidate.args || []).map((a) => a.replace('{port}', String(port)));
  const started = process.hrtime.bigint();
  // Started in its own folder, as the Functions host starts a custom handler in the app's folder: the content root
  // (which appsettings.json is looked for and watched in) is then the published app, not wherever the bench ran.
  const command = path.resolve(candidate.command);
  const child = spawn(command, args, { env, stdio: 'ignore', cwd: path.dirname(command), detached: true });
  let exited = false;
  child.on('exit', () => { exited = true; });
  let status = 0;
  const deadline = started + 120_000_000_000n;
  while (status !== 200) {
    if (exited) throw new Error(`${candidate.name} exited before answering`);
    if (process.hrtime.bigint() > deadline) throw new Error(`${candidate.name} did not answer 200 within 120 s (last ${status})`);
    status = await probe(port, candidate.headers);
    if (status !== 200) await new Promise((r) => setTimeout(r, 1));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((resolve) => {
    if (exited) { resolve(); return; }
    child.on('exit', resolve);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
  });
  return ms;
}

(async () => {
  const times = Object.fromEntries(candidates.map((c) => [c.name, []]));
  for (let round = 0; round < runs; round++) {
    for (const candidate of candidates) times[candidate.name].push(await once(candidate));
  }
  const result = {};
  for (const [name, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    result[name] = { runs: list.map((t) => Math.round(t * 10) / 10), median_ms: Math.round(median * 10) / 10, min_ms: Math.round(sorted[0] * 10) / 10 };
  }
  console.log(JSON.stringify(result));
})().catch((e) => { console.error(e.message); process.exit(1); });

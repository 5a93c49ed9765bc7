// Turns bench/run.sh's raw records into the summary: a table on stdout, results.json, and optionally
// the generated section of docs/performance.md (between the bench markers; other sections are kept).
//   node bench/report.js peak <raw.jsonl> <target> <endpoint> [phase]  the best median req/s of the sweep (or of that phase)
//   node bench/report.js summarize <raw.jsonl> <results.json> [docs/performance.md]
'use strict';
const fs = require('fs');

const records = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN; };
const rps = (r) => r.result.requests / (r.result.duration_us / 1e6);
const ms = (us) => Math.round(us / 10) / 100;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const errorsOf = (r) => r.result.socket_errors + r.result.status_errors;

function aggregate(list) {
  return {
    rps: Math.round(median(list.map(rps))),
    p50_ms: ms(median(list.map((r) => r.result.p50_us))),
    p99_ms: ms(median(list.map((r) => r.result.p99_us))),
    p999_ms: ms(median(list.map((r) => r.result.p999_us))),
    requests: list.reduce((n, r) => n + r.result.requests, 0),
    errors: list.reduce((n, r) => n + errorsOf(r), 0),
    runs: list.length,
    machine_busy_pct: round(median(list.map((r) => r.machine_busy_pct ?? NaN)), 0),
  };
}

function sweepOf(raw, phase = 'sweep') {
  const out = {};
  for (const r of raw.filter((x) => x.phase === phase)) {
    ((out[r.endpoint] ??= {})[r.target] ??= {})[r.connections] ??= [];
    out[r.endpoint][r.target][r.connections].push(r);
  }
  for (const e of Object.values(out)) for (const t of Object.keys(e)) for (const c of Object.keys(e[t])) e[t][c] = aggregate(e[t][c]);
  return out;
}

function peakOf(sweep, endpoint, target) {
  const byC = sweep[endpoint]?.[target] ?? {};
  let best = { connections: 0, rps: 0 };
  for (const [c, a] of Object.entries(byC)) if (a.rps > best.rps) best = { connections: Number(c), ...a };
  return best;
}

if (process.argv[2] === 'peak') {
  console.log(peakOf(sweepOf(records(process.argv[3]), process.argv[6]), process.argv[5], process.argv[4]).rps);
  process.exit(0);
}

const raw = records(process.argv[3]);
const sweep = sweepOf(raw);
const endpoints = ['send', 'lists'];
// app: the JIT build (composite ReadyToRun), which bench/Probe can measure from inside; aot: the Native AOT build that
// scripts/package.sh ships, when it was built. The goals are judged on the shipped build.
const targets = ['direct', 'yarp', 'app', ...(sweep.send?.aot ? ['aot'] : [])];
const appTargets = targets.filter((t) => t === 'app' || t === 'aot');
const shipped = targets.includes('aot') ? 'aot' : 'app';
const names = { send: 'Send SMS', lists: 'Get contact lists', direct: 'direct to sandbox', yarp: 'through YARP',
  app: 'through the app (JIT)', aot: 'through the app (Native AOT, shipped)' };
const labels = { direct: 'Direct', yarp: 'YARP', app: 'App JIT', aot: 'App AOT' };

const peaks = {};
for (const e of endpoints) for (const t of targets) (peaks[e] ??= {})[t] = peakOf(sweep, e, t);

function halfOf(phase) {
  const half = {};
  for (const r of raw.filter((x) => x.phase === phase)) ((half[r.endpoint] ??= {})[r.target] ??= []).push(r);
  for (const e of Object.keys(half)) for (const t of Object.keys(half[e])) {
    const list = half[e][t];
    half[e][t] = { ...aggregate(list), offered_rps: Math.round(list[0].rate_per_connection * list[0].connections) };
  }
  return half;
}
const half = halfOf('half');

const ports = raw.find((x) => x.phase === 'ports') ?? {};
const probes = raw.filter((x) => x.phase === 'probe').map((p) => {
  const requests = p.load.result.requests;
  const delta = (port) => ((p.after.outgoing[`127.0.0.1:${port}`] ?? 0) - (p.before.outgoing[`127.0.0.1:${port}`] ?? 0)) / requests;
  return {
    target: p.target, endpoint: p.endpoint, mode: p.mode, requests, rps: Math.round(rps(p.load)),
    p50_ms: ms(p.load.result.p50_us), p99_ms: ms(p.load.result.p99_us), errors: errorsOf(p.load),
    allocated_bytes_per_request: Math.round((p.after.allocated - p.before.allocated) / requests),
    gen0_per_1000_requests: round(((p.after.gen0 - p.before.gen0) * 1000) / requests),
    gen2_collections: p.after.gen2 - p.before.gen2,
    upstream_calls_per_request: round(delta(ports.sandbox)),
    table_round_trips_per_request: round(delta(ports.table)),
    blob_round_trips_per_request: round(delta(ports.blob)),
    // Per send that reached the sandbox: wrk stops counting with requests still in flight, which the app completes.
    table_round_trips_per_send: round(delta(ports.table) / delta(ports.sandbox)),
  };
});

const memory = {};
for (const m of raw.filter((x) => x.phase === 'memory')) (memory[m.process] ??= {})[m.stage] = { rss_mb: round(m.rss_kb / 1024, 1), peak_mb: round(m.peak_kb / 1024, 1) };

const startup = raw.find((x) => x.phase === 'startup')?.result ?? {};
const aot = Object.fromEntries(raw.filter((x) => x.phase === 'aot').map((a) => [a.name, a.built ? 'built' : `not built: ${a.reason}`]));
const machine = raw.find((x) => x.phase === 'machine') ?? { result: {}, command: 'bench/run.sh' };
const totalErrors = raw.filter((x) => ['sweep', 'half', 'alloc', 'host_sweep', 'host_half'].includes(x.phase)).reduce((n, r) => n + errorsOf(r), 0);

/**
 * What a path adds to the direct path's p99 against what a reference path adds. Where the direct path's own p99 is at or
 * above the reference's, the reference adds nothing measurable and a ratio of the two differences means nothing.
 */
function addedP99Goal(goal, path, reference, direct, factor) {
  const added = path.p99_ms - direct.p99_ms, referenceAdded = reference.p99_ms - direct.p99_ms;
  if (referenceAdded <= 0) {
    return { goal, value: `not measurable: the direct path's p99 (${round(direct.p99_ms)} ms) was at or above the reference's (${round(reference.p99_ms)} ms)`, met: false };
  }
  return { goal, value: `${round(added)} ms vs ${round(referenceAdded)} ms: ${round(added / referenceAdded)}x`, met: added <= factor * referenceAdded };
}

const goals = [];
for (const e of endpoints) {
  const ratio = peaks[e][shipped].rps / peaks[e].yarp.rps;
  goals.push({ goal: `${names[e]}: ${labels[shipped]} peak throughput >= 0.85x YARP`, value: `${round(ratio)}x`, met: ratio >= 0.85 });
  if (half[e]?.[shipped] && half[e]?.yarp) {
    goals.push(addedP99Goal(`${names[e]}: ${labels[shipped]} added p99 over direct <= 0.7x YARP's at half its peak (${half[e][shipped].offered_rps} req/s)`,
      half[e][shipped], half[e].yarp, half[e].direct, 0.7));
  }
}
goals.push({ goal: 'No errors under load', value: String(totalErrors), met: totalErrors === 0 });
for (const build of ['Native AOT', 'ReadyToRun']) {
  const appStart = startup[`app (${build})`]?.median_ms, emptyStart = startup[`empty app (${build})`]?.median_ms;
  if (appStart && emptyStart) {
    goals.push({ goal: `Startup (${build}) <= 1.45x the empty app published the same way`, value: `${round(appStart / emptyStart)}x`, met: appStart / emptyStart <= 1.45 });
  }
}
// The real Functions host: the app's package against an empty worker (startup) and a pass-through worker (load), both under it.
const hostStartup = raw.find((x) => x.phase === 'host_startup')?.result;
const hostSweep = sweepOf(raw, 'host_sweep').send ?? {};
const hostHalf = halfOf('host_half').send ?? {};
const hostPeaks = Object.fromEntries(Object.keys(hostSweep).map((t) => [t, peakOf({ send: hostSweep }, 'send', t)]));
if (hostStartup) {
  const ratio = hostStartup['app package under the host'].median_ms / hostStartup['empty worker under the host'].median_ms;
  goals.push({ goal: 'Functions host start to the first answered invocation: app package <= 1.2x an empty worker under the same host', value: `${round(ratio)}x`, met: ratio <= 1.2 });
}
if (hostPeaks.host_app && hostPeaks.host_pass) {
  const ratio = hostPeaks.host_app.rps / hostPeaks.host_pass.rps;
  goals.push({ goal: 'Send SMS through the Functions host: app peak throughput >= 0.9x a pass-through worker', value: `${round(ratio)}x`, met: ratio >= 0.9 });
}
if (hostHalf.host_app && hostHalf.host_pass && hostHalf.direct) {
  goals.push(addedP99Goal(`Send SMS through the Functions host: app added p99 <= 1.2x a pass-through worker's at half the app's peak (${hostHalf.host_app.offered_rps} req/s)`,
    hostHalf.host_app, hostHalf.host_pass, hostHalf.direct, 1.2));
}
const keyed = probes.find((p) => p.mode === 'keyed');
if (keyed) {
  goals.push({ goal: 'Storage round trips per idempotent send <= 2 (Table calls per send that reached the sandbox)',
    value: String(keyed.table_round_trips_per_send), met: keyed.table_round_trips_per_send <= 2 });
}

const results = { machine: machine.result, command: machine.command, sweep, peaks, half_load: half, per_request: probes, memory, startup, native_aot: aot,
  functions_host: { startup: hostStartup, sweep: hostSweep, peaks: hostPeaks, half_load: hostHalf }, goals };

// ---- rendering
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const sections = [];
const m = results.machine;
sections.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}, .NET SDK ${m.dotnet}; run ${m.date}.\n` +
  `Command: \`${results.command.trim()}\`. Everything (load generator, sandbox, proxy, app, Azurite) shares the same cores on loopback; ` +
  'the machine is shared with other builds, so figures are medians of interleaved rounds and still noisy.');
const sweepRows = [];
const versusYarp = (a, y) => (a && y ? `${round(a.rps / y.rps)}x` : '');
for (const e of endpoints) for (const c of Object.keys(sweep[e]?.app ?? {})) {
  const at = (t) => sweep[e][t]?.[c];
  sweepRows.push([names[e], c, ...targets.map((t) => (at(t) ? `${at(t).rps}` : '')), ...appTargets.map((t) => versusYarp(at(t), at('yarp'))),
    ...targets.map((t) => (at(t) ? `${at(t).p99_ms}` : ''))]);
}
sections.push('### Throughput: concurrency sweep (closed loop, median req/s and p99 ms)\n\n' +
  table(['Operation', 'Connections', ...targets.map((t) => `${labels[t]} req/s`), ...appTargets.map((t) => `${labels[t]}/YARP`),
    ...targets.map((t) => `${labels[t]} p99`)], sweepRows));
sections.push('### Peak throughput\n\n' + table(['Operation', ...targets.map((t) => labels[t]), ...appTargets.map((t) => `${labels[t]}/YARP`)],
  endpoints.map((e) => [names[e], ...targets.map((t) => `${peaks[e][t].rps} req/s (c=${peaks[e][t].connections})`),
    ...appTargets.map((t) => versusYarp(peaks[e][t], peaks[e].yarp))])));
const halfRows = [];
for (const e of endpoints) for (const t of targets) {
  const h = half[e]?.[t];
  if (h) halfRows.push([names[e], names[t], `${h.offered_rps}`, `${h.rps}`, `${h.p50_ms}`, `${h.p99_ms}`, `${h.p999_ms}`,
    t === 'direct' ? '' : `${round(h.p99_ms - half[e].direct.p99_ms)}`, appTargets.includes(t) ? `${round(h.p99_ms / half[e].yarp.p99_ms)}x` : '',
    Number.isNaN(h.machine_busy_pct) ? '' : `${h.machine_busy_pct}%`]);
}
sections.push(`### Latency at half of the ${labels[shipped]} peak (the same Poisson arrival rate for every path, 16 connections)\n\n` +
  table(['Operation', 'Path', 'Offered req/s', 'Achieved req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'Added p99 over direct ms', 'App/YARP p99', 'Machine busy'], halfRows));
sections.push('### Cost per request (16 connections, deltas read from the process by bench/Probe, a startup hook: JIT builds only)\n\n' + table(
  ['Path', 'Operation', 'req/s', 'p99 ms', 'Allocated bytes/request', 'Gen0 GCs per 1000 requests', 'Sandbox calls/request', 'Table round trips/request', 'Errors'],
  probes.map((p) => [p.target === 'app' ? 'app (JIT)' : 'YARP', `${names[p.endpoint]}${p.mode === 'keyed' ? ' with a fresh Idempotency-Key' : ''}`, `${p.rps}`, `${p.p99_ms}`,
    `${p.allocated_bytes_per_request}`, `${p.gen0_per_1000_requests}`, `${p.upstream_calls_per_request}`, `${p.table_round_trips_per_request}`, `${p.errors}`])));
sections.push('### Memory (working set)\n\n' + table(['Process', 'Idle RSS MB', 'Idle peak MB', 'After load RSS MB', 'Peak under load MB'],
  Object.entries(memory).map(([p, v]) => [p, `${v.idle?.rss_mb ?? ''}`, `${v.idle?.peak_mb ?? ''}`, `${v.load?.rss_mb ?? ''}`, `${v.load?.peak_mb ?? ''}`])));
sections.push('### Startup: process start to the first 200 of GET /api/health\n\n' + table(['Build', 'Median ms', 'Min ms', 'Runs ms'],
  Object.entries(startup).map(([n, s]) => [n, `${s.median_ms}`, `${s.min_ms}`, s.runs.join(', ')])) +
  (Object.keys(aot).length ? '\n\nNative AOT:\n' + Object.entries(aot).map(([n, s]) => `- ${n}: ${s}`).join('\n') : ''));
if (hostStartup) {
  const hostLabels = { direct: 'direct to sandbox', host_pass: 'pass-through worker under the host', host_app: 'app package under the host' };
  sections.push('### Under the real Azure Functions host (4.1037.0, built from its public source)\n\n' +
    'Startup: host process start to the first answered `GET /api/health` invocation (host start, worker start, gRPC handshake, ' +
    'function indexing and load, the request forwarded to the worker).\n\n' +
    table(['Worker', 'Median ms', 'Min ms', 'Runs ms'], Object.entries(hostStartup).map(([n, v]) => [n, `${v.median_ms}`, `${v.min_ms}`, v.runs.join(', ')])) +
    '\n\nSend SMS through the host (function key, invocation, forwarding to the worker): the app against a worker whose one function ' +
    'forwards the same request to the sandbox with an HttpClient.\n\n' +
    table(['Path', 'Peak req/s', 'Peak at connections', 'Offered at half load req/s', 'p99 at half load ms', 'Added p99 over direct ms'],
      ['direct', 'host_pass', 'host_app'].filter((t) => hostPeaks[t]).map((t) => [hostLabels[t], `${hostPeaks[t].rps}`, `${hostPeaks[t].connections}`,
        `${hostHalf[t]?.offered_rps ?? ''}`, `${hostHalf[t]?.p99_ms ?? ''}`, t === 'direct' || !hostHalf[t] ? '' : `${round(hostHalf[t].p99_ms - hostHalf.direct.p99_ms)}`])));
}
sections.push('### Goals\n\n' + table(['Goal', 'Measured', 'Met'], goals.map((g) => [g.goal, g.value, g.met ? 'yes' : 'no'])));
const text = sections.join('\n\n');

fs.writeFileSync(process.argv[4], JSON.stringify(results, null, 2) + '\n');
console.log('\n' + text + '\n');
console.log(`results: ${process.argv[4]}`);

const docs = process.argv[5];
if (docs) {
  const begin = '<!-- bench/run.sh:begin (generated: do not edit by hand) -->', end = '<!-- bench/run.sh:end -->';
  const block = `${begin}\n${text}\n${end}`;
  let doc = fs.existsSync(docs) ? fs.readFileSync(docs, 'utf8') : '# Performance\n\n## Latest run\n\n' + block + '\n';
  const i = doc.indexOf(begin), j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : doc.trimEnd() + '\n\n## Latest run\n\n' + block + '\n';
  fs.writeFileSync(docs, doc);
  console.log(`wrote ${docs}`);
}

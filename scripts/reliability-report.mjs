// Renders artifacts/reliability/*.json (written by the Reliability integration tests) as docs/reliability.md.
// Usage: node scripts/reliability-report.mjs "<test command>" > docs/reliability.md
import { readFileSync, existsSync } from 'node:fs';

const dir = 'artifacts/reliability';
const read = (name) => existsSync(`${dir}/${name}`) ? JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) : null;
const table = (headers, rows) => [
  `| ${headers.join(' | ')} |`,
  `|${headers.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map((c) => String(c ?? '').replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');
const yes = (b) => (b ? 'yes' : '**NO**');

const command = process.argv[2] ?? 'dotnet test tests/MessagingConnectors.IntegrationTests -c Release';
const bad = read('bad-input.json');
const faults = read('faults.json');
const storage = read('storage.json');
const crashInbound = read('crash-inbound.json');
const crashSend = read('crash-send.json');
const auth = read('auth.json');
const secrets = read('secrets.json');
const pass = read('secrets-pass.json');
const out = [];

out.push('# Reliability and security evidence', '');
out.push(`Generated ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`scripts/reliability-report.sh\` from the JSON the`);
out.push('integration tests in `tests/MessagingConnectors.IntegrationTests/Reliability/` write to `artifacts/reliability/`.', '');
out.push(`Command: \`${command}\``, '');

if (bad) {
  out.push('## 1. Bad input', '');
  out.push(`Every operation of the app's own \`/api/swagger.json\` (so endpoints added later are covered without change), plus the hidden`);
  out.push('ClickSend inbound receiver, gets hand-picked breakages (injection in paths and queries with `/`, `..`, `%2F`, `&`, `#`;');
  out.push('control and right-to-left characters; empty and huge strings; invalid phone numbers; broken base64; wrong types; missing');
  out.push('and extra fields; broken JSON; wrong content types; bodies over the 1 MB limit, declared and chunked) and FsCheck-generated');
  out.push(`mutations of a request built from the schema (seed ${bad.seed}). Valid credentials are sent, so refusals are validation, not auth.`, '');
  out.push(table(['Figure', 'Value'], [
    ['Cases', `${bad.cases} (${bad.hand_picked} hand-picked, ${bad.generated} generated)`],
    ['Operations', bad.operations],
    ['Answered 5xx', `**${bad.answered_5xx}**`],
    ['Refused by the app (4xx problem) but reached a provider', `**${bad.refused_but_reached_provider}**`],
    ['4xx answers that were not problem+json', bad.non_problem_4xx],
    ['Refused by Kestrel before the app (NUL in path, URL over its limit: bare 400/414)', bad.rejected_by_kestrel],
    ['Transport errors', bad.transport_errors],
    ['Resent after the app closed a keep-alive connection (after a 413)', bad.resent_after_connection_closed],
    ['Unhandled exceptions logged', bad.unhandled_exceptions_logged],
    ['Health 200 and a real send still working afterwards', yes(bad.healthy_after)],
    ['Run time', `${bad.seconds} s`],
  ]), '');
  out.push(table(['Operation', 'Method', 'Path', 'Cases', '2xx', 'App 4xx', 'Provider 4xx', '5xx', 'Refused but reached provider'],
    bad.endpoints.map((e) => [e.operation, e.method, e.path, e.cases, e.answered_2xx, e.refused_4xx, e.provider_4xx, e.answered_5xx, e.refused_but_reached_provider])), '');
  out.push('"2xx" are mutations that stayed valid (an extra query parameter, a changed but acceptable value); "Provider 4xx" are valid');
  out.push('requests the provider sandbox refused (unknown id, duplicate), told apart by the problem\'s `provider` field. Every request');
  out.push('carries its own W3C trace id, which the app passes upstream with request tracing on (as when a tracer listens; the',
    "standalone app's default has it off, see docs/performance.md), so the sandbox journal shows exactly which cases reached a provider.", '');
}

if (faults) {
  out.push('## 2. Provider faults', '');
  out.push(`Each action class against each fault the sandboxes inject, per provider. Time-outs in this run: ${faults.timeout_seconds} s per attempt,`);
  out.push(`${faults.total_timeout_seconds} s per call; bound asserted: ${faults.bound_seconds} s. "Upstream" is how many requests the sandbox`);
  out.push('counted for the one call: sends and creations exactly 1, reads and deletes retried on transient faults.', '');
  out.push(`${faults.cells} cells, ${faults.failures} failures.`, '');
  out.push(table(['Provider', 'Class', 'Operation', 'Fault', 'Status', 'Expected', 'Retry-After', 'Upstream', 'Seconds', 'Pass'],
    faults.matrix.map((m) => [m.provider, m.class, m.operation, m.fault, m.status, m.expected, m.retry_after, m.upstream_calls, m.seconds, yes(m.pass)])), '');
}

if (storage) {
  out.push('## 3. Storage faults', '');
  out.push('A dedicated Azurite is stopped mid-run, then started again.', '');
  out.push(table(['Check', 'Outcome'], [
    ['GET /api/health while storage is down', `${storage.health_while_down} in ${storage.health_seconds} s`],
    ['Send with Idempotency-Key while storage is down', `${storage.keyed_send_while_down} in ${storage.keyed_send_seconds} s, ${storage.upstream_sends_while_down} upstream sends`],
    ['ClickSend inbound receiver while storage is down', `${storage.receiver_while_down} in ${storage.receiver_seconds} s (ClickSend retries)`],
    ['Receiver, ClickSend\'s retry after storage returns', storage.receiver_after_restart],
    ['Inbound messages delivered to the flow', storage.inbound_delivered_after_restart],
    ['The same keyed send after storage returns', `${storage.keyed_send_after_restart}, repeat replayed: ${yes(storage.repeat_replayed)}`],
    ['Upstream sends in total', storage.upstream_sends_total],
  ]), '');
}

if (crashInbound || crashSend) {
  out.push('## 4. Crash', '');
  out.push('The built app runs as a child process (`dotnet MessagingConnectors.dll`) and is killed (SIGKILL) mid-operation, then restarted.', '');
  const rows = [];
  if (crashInbound) rows.push(['Killed while delivering an inbound SMS to the flow (callback held open)', `delivered after restart: message ${crashInbound.message_id}; callback calls ${crashInbound.callback_calls} (at least once, at most twice), 2xx deliveries ${crashInbound.answered_2xx}`]);
  if (crashSend) rows.push(['Killed while an idempotent send was in flight upstream; same key repeated', `${crashSend.repeat_status} "${crashSend.repeat_title}"; upstream sends ${crashSend.upstream_sends}`]);
  out.push(table(['Scenario', 'Outcome'], rows), '');
}

if (auth || secrets || pass) {
  out.push('## 5. Secrets and access', '');
  const rows = [];
  if (auth) {
    rows.push(['Endpoints of the Swagger document refusing a missing or wrong key (401 problem, 5 variants each)', `${auth.refused_missing_and_wrong_key} of ${auth.endpoints}, ${auth.upstream_calls} upstream calls`]);
    rows.push(['ClickSend inbound receiver', Object.entries(auth.receiver).map(([k, v]) => `${k}: ${v}`).join('; ')]);
  }
  rows.push(['Callback URLs to private, loopback, link-local and metadata addresses', 'refused with 400 (22 address forms, see SecretsAndAccessTests)']);
  if (pass) rows.push(['End-to-end pass over every endpoint with every credential form and faults', `${pass.calls} calls, ${pass.lines_scanned} log lines, ${pass.leaks} leaks`]);
  if (secrets) rows.push([`Whole-run scan: ${secrets.scope}`, `${secrets.lines_scanned} lines, ${secrets.secrets_checked} secrets and patterns, **${secrets.leaks} leaks**`]);
  out.push(table(['Check', 'Outcome'], rows), '');
  out.push('No Clipsan notification receiver exists yet, so there is no caller-address check to test.', '');
}

console.log(out.join('\n'));

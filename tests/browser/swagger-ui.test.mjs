// Opens Swagger UI of the running app (sandbox mode) in headless Chromium from Debian
// (/usr/bin/chromium, driven by playwright-core), executes Send SMS and expects a 200, Get contact lists as it opens
// (no edits) and expects a 200, and uploads a PDF through the file picker of Upload a file and expects a 201.
// The screenshot is kept as artifacts/browser/swagger-ui-send-sms.png.
// Needs a Release build (dotnet build Functions.sln -c Release) and npm ci. Run: node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const appDll = join(root, 'src/MessagingConnectors/bin/Release/net10.0/MessagingConnectors.dll');
const sandboxDll = join(root, 'src/MessagingConnectors.Sandbox/bin/Release/net10.0/MessagingConnectors.Sandbox.dll');
const screenshot = join(root, 'artifacts', 'browser', 'swagger-ui-send-sms.png');
const devAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const processes = [];
const scratch = mkdtempSync(join(tmpdir(), 'swagger-ui-test-'));
let appUrl;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolvePort(port)); });
    server.on('error', reject);
  });
}

async function waitForPort(port, seconds, name) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const open = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); done(true); });
      socket.on('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} does not listen on 127.0.0.1:${port} after ${seconds}s`);
}

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  child.on('exit', (code) => { if (code && code !== 143) console.error(`${name} exited with ${code}:\n${output.slice(-4000)}`); });
  processes.push(child);
  return child;
}

before(async () => {
  for (const [file, hint] of [[appDll, 'dotnet build Functions.sln -c Release'], [sandboxDll, 'dotnet build Functions.sln -c Release'],
    [join(root, 'node_modules/.bin/azurite'), 'npm ci'], [chromiumPath, 'apt-get install -y chromium']]) {
    assert.ok(existsSync(file), `${file} is missing: run ${hint} first.`);
  }
  const [blob, table, queue, sandbox, app] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  start('azurite', join(root, 'node_modules/.bin/azurite'), ['--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose',
    '--blobHost', '127.0.0.1', '--blobPort', `${blob}`, '--tableHost', '127.0.0.1', '--tablePort', `${table}`,
    '--queueHost', '127.0.0.1', '--queuePort', `${queue}`, '--location', join(scratch, 'azurite')]);
  start('sandbox', 'dotnet', [sandboxDll, `${sandbox}`]);
  await Promise.all([waitForPort(blob, 30, 'Azurite'), waitForPort(table, 30, 'Azurite'), waitForPort(sandbox, 30, 'the sandbox')]);
  start('app', 'dotnet', [appDll], {
    ASPNETCORE_URLS: `http://127.0.0.1:${app}`,
    AzureWebJobsStorage: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${devAccountKey};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`,
    ClickSend__BaseUrl: `http://127.0.0.1:${sandbox}/clicksend/v3/`,
    ClickSend__Username: 'sandbox',
    ClickSend__ApiKey: 'sandbox-api-key',
    // As ./run.sh --sandbox sets them.
    Clipsan__BaseUrl: `http://127.0.0.1:${sandbox}/clipsan/api/`,
    Clipsan__Key: 'sandbox-clipsan-key',
    SerwerSms__BaseUrl: `http://127.0.0.1:${sandbox}/serwersms/`,
    SerwerSms__Token: 'sandbox-token',
  });
  await waitForPort(app, 60, 'the app');
  appUrl = `http://127.0.0.1:${app}`;
});

after(async () => {
  for (const child of processes.reverse()) child.kill('SIGTERM');
  // Azurite does not always stop on SIGTERM once blobs were written (its blob server waits on idle connections);
  // its data is scratch, so whatever still runs after a grace period is killed.
  await new Promise((r) => setTimeout(r, 3000));
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

test('Swagger UI executes Send SMS as it opens, with the example body, and shows 200', { timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    const operation = await openForTrying(page, 'operations-ClickSend-SendSms');
    const { status, table } = await executedStatus(operation);
    mkdirSync(dirname(screenshot), { recursive: true });
    await operation.scrollIntoViewIfNeeded();
    await operation.screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
    assert.equal(status, '200', table);
    assert.match(table, /"total_count"|"messages"/);
  });
});

// Every send, list and contact operation, executed as Swagger UI opens it: the document's examples (bodies and
// parameters) are what the app and the sandbox (with its example data, see SandboxServer.AddExamples) accept.
const unedited = [
  ['ClickSend', 'SendSms'], ['ClickSend', 'SendMms'], ['ClickSend', 'SendVoice'], ['ClickSend', 'SendFax'],
  ['ClickSend', 'SendLetter'], ['ClickSend', 'SendPostcard'], ['ClickSend', 'SendSmsCampaign'],
  ['ClickSend', 'CreateList'], ['ClickSend', 'SearchContactList'], ['ClickSend', 'CreateListContact'],
  ['ClickSend', 'ViewListContacts'], ['ClickSend', 'ViewAllListContacts'],
  ['SerwerSMS', 'SerwerSmsSendSms'], ['SerwerSMS', 'SerwerSmsListGroups'], ['SerwerSMS', 'SerwerSmsCreateGroup'],
  ['SerwerSMS', 'SerwerSmsGetGroup'], ['SerwerSMS', 'SerwerSmsListContacts'], ['SerwerSMS', 'SerwerSmsCreateContact'],
  ['SerwerSMS', 'SerwerSmsGetContact'], ['SerwerSMS', 'SerwerSmsEditContact'], ['SerwerSMS', 'SerwerSmsCheckPhoneGroups'],
  ['SerwerSMS', 'SerwerSmsImportContacts'], ['SerwerSMS', 'SerwerSmsListReceivedMessages'],
  ['Clipsan', 'ClipsanListLeads'], ['Clipsan', 'ClipsanSearchLeads'], ['Clipsan', 'ClipsanViewLead'],
  ['Clipsan', 'ClipsanAddOrUpdateLead'], ['Clipsan', 'ClipsanRemoveLeadFromListOrTag'],
];

test(`Swagger UI executes ${unedited.length} send, list and contact operations as they open, without edits`, { timeout: 300_000 }, async () => {
  await withPage(async (page) => {
    const failed = [];
    for (const [tag, id] of unedited) {
      const operation = await openForTrying(page, `operations-${tag}-${id}`);
      const { status, table } = await executedStatus(operation);
      console.log(`${status} ${id}`);
      if (!status.startsWith('2')) failed.push(`${id}: ${status} ${table.slice(0, 300)}`);
      await operation.locator('.opblock-summary').first().click();
    }
    assert.deepEqual(failed, []);
  });
});

async function withPage(use) {
  const context = await chromium.launchPersistentContext(join(scratch, `chromium-profile-${Date.now()}`), {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 2000 },
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${appUrl}/api/swagger/ui/index.html`);
    await use(page);
  } finally {
    await context.close();
  }
}

async function openForTrying(page, id) {
  const operation = page.locator(`#${id}`);
  await operation.locator('.opblock-summary').first().click();
  const tryItOut = operation.locator('button.try-out__btn');
  if (await tryItOut.count() > 0 && (await tryItOut.innerText()).trim() === 'Try it out') await tryItOut.click();
  return operation;
}

async function executedStatus(operation) {
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table tr.response td.response-col_status').first();
  await status.waitFor({ timeout: 60_000 });
  return { status: (await status.innerText()).trim(), table: await operation.locator('.live-responses-table').innerText() };
}

test('Swagger UI executes Get contact lists as it opens, without edits', { timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    const operation = await openForTrying(page, 'operations-ClickSend-GetContactLists');
    const { status, table } = await executedStatus(operation);
    assert.equal(status, '200', table);
  });
});

test('Swagger UI uploads a file through the file picker of Upload a file', { timeout: 120_000 }, async () => {
  const pdf = join(scratch, 'letter.pdf');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]));
  await withPage(async (page) => {
    const operation = await openForTrying(page, 'operations-Media-UploadFile');
    await operation.locator('input[type=file]').setInputFiles(pdf);
    const { status, table } = await executedStatus(operation);
    assert.equal(status, '201', table);
    assert.match(table, /"content_type": "application\/pdf"/);
  });
});

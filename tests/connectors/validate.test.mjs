// Validates every exported connector (connector/<provider>/) with the pinned npm tools:
// the Swagger 2.0 schema (swagger-cli), Microsoft's JSON schemas for both files (ajv), and the
// certification ruleset (Spectral, tools/spectral/connector-ruleset.yaml); and proves the ruleset
// bites on a deliberately broken definition. Run: node --test tests/connectors/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import Ajv07 from 'ajv';
import addFormats from 'ajv-formats';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const ruleset = join(root, 'tools', 'spectral', 'connector-ruleset.yaml');
const brokenFixture = join(root, 'tests', 'connectors', 'fixtures', 'broken.swagger.json');
const schemas = resolve(root, '..', 'shared', 'reference', 'powerplatform-schemas');
const connectors = ['clicksend', 'serwersms', 'clipsan'];

/** Microsoft's schema files carry // comments and trailing commas (JSONC). */
function parseJsonc(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') { out += text[++i]; } else if (c === '"') { inString = false; }
    } else if (c === '"') {
      inString = true; out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else {
      out += c;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function readSchema(name) {
  const path = join(schemas, name);
  assert.ok(existsSync(path),
    `Microsoft's schema ${path} is missing: the connector check reads it from ../shared/reference/powerplatform-schemas/ beside the repository (it is not copied into the repo).`);
  return parseJsonc(readFileSync(path, 'utf8'));
}

function ajvErrors(validate) {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

async function spectral(file) {
  try {
    const { stdout } = await run(bin('spectral'), ['lint', '-q', '-r', ruleset, '-f', 'json', '--fail-severity=warn', file], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, results: stdout.trim() ? JSON.parse(stdout) : [] };
  } catch (error) {
    if (typeof error.code !== 'number') throw error;
    return { code: error.code, results: error.stdout?.trim() ? JSON.parse(error.stdout) : [], stderr: error.stderr };
  }
}

const describe = (results) => results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`).join('\n');

for (const name of connectors) {
  const folder = join(root, 'connector', name);
  const definition = join(folder, 'apiDefinition.swagger.json');
  const properties = join(folder, 'apiProperties.json');

  test(`${name}: the folder holds the four connector files, formatted as the rules ask`, () => {
    for (const file of ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'README.md']) {
      assert.ok(existsSync(join(folder, file)), `${join(folder, file)} is missing: run the connector export.`);
    }
    for (const file of ['apiDefinition.swagger.json', 'apiProperties.json', 'README.md']) {
      const text = readFileSync(join(folder, file), 'utf8');
      assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `${file} ends with exactly one newline`);
      const trailing = text.split('\n').findIndex((line) => /[ \t]+$/.test(line));
      assert.equal(trailing, -1, `${file} line ${trailing + 1} has trailing whitespace`);
      if (file.endsWith('.json')) {
        const odd = text.split('\n').findIndex((line) => (line.match(/^ */)[0].length % 4) !== 0 || line.startsWith('\t'));
        assert.equal(odd, -1, `${file} line ${odd + 1} is not indented by multiples of four spaces`);
      }
    }
    const png = readFileSync(join(folder, 'icon.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'icon.png is a PNG');
    assert.ok(png.length < 1024 * 1024, 'icon.png is under 1 MB');
  });

  test(`${name}: apiDefinition.swagger.json is valid Swagger 2.0 (swagger-cli)`, async () => {
    const { stdout } = await run(bin('swagger-cli'), ['validate', definition]);
    assert.match(stdout, /is valid/);
  });

  test(`${name}: both files match Microsoft's Power Platform schemas (ajv)`, () => {
    const ajv04 = new Ajv04({ allErrors: true, strict: false, validateFormats: false });
    const validateDefinition = ajv04.compile(readSchema('apiDefinition.swagger.schema.json'));
    assert.ok(validateDefinition(JSON.parse(readFileSync(definition, 'utf8'))), `apiDefinition.swagger.json:\n${ajvErrors(validateDefinition)}`);

    const ajv07 = new Ajv07({ allErrors: true, strict: false });
    addFormats(ajv07);
    // A draft-07 schema names itself with $id; this one still says id, which ajv refuses.
    const { id: _draft04Id, ...propertiesSchema } = readSchema('paconn-apiProperties.schema.json');
    const validateProperties = ajv07.compile(propertiesSchema);
    assert.ok(validateProperties(JSON.parse(readFileSync(properties, 'utf8'))), `apiProperties.json:\n${ajvErrors(validateProperties)}`);
  });

  test(`${name}: apiDefinition.swagger.json passes the certification ruleset (Spectral)`, async () => {
    const { code, results, stderr } = await spectral(definition);
    assert.equal(results.length, 0, describe(results));
    assert.equal(code, 0, stderr);
  });

  test(`${name}: apiProperties.json applies every credential the definition's security needs`, () => {
    const api = JSON.parse(readFileSync(definition, 'utf8'));
    const props = JSON.parse(readFileSync(properties, 'utf8')).properties;
    const schemes = Object.values(api.securityDefinitions);
    assert.deepEqual(schemes, [{ type: 'apiKey', in: 'header', name: 'x-functions-key' }]);
    assert.equal(props.connectionParameters.api_key?.type, 'securestring', 'the function key is the api_key connection parameter');
    for (const [parameter, value] of Object.entries(props.connectionParameters)) {
      assert.equal(value.type, 'securestring', `${parameter} is a secure string`);
      if (parameter === 'api_key') continue;
      const policy = props.policyTemplateInstances.find((p) => p.parameters['x-ms-apimTemplateParameter.value'] === `@connectionParameters('${parameter}')`);
      assert.ok(policy && policy.templateId === 'setheader', `${parameter} is applied as a header by a setheader policy`);
    }
    assert.match(props.iconBrandColor, /^#[0-9a-fA-F]{6}$/);
    assert.notEqual(props.iconBrandColor.toLowerCase(), '#ffffff');
  });
}

test('the ruleset fails a deliberately broken definition, with every rule', async () => {
  const rules = [...readFileSync(ruleset, 'utf8').matchAll(/^ {2}([a-z0-9-]+):$/gm)].map((m) => m[1]);
  assert.ok(rules.length >= 15, `found ${rules.length} rules in ${ruleset}`);
  const { code, results } = await spectral(brokenFixture);
  assert.notEqual(code, 0, 'spectral exits non-zero on the broken definition');
  const fired = new Set(results.map((r) => r.code));
  const silent = rules.filter((rule) => !fired.has(rule));
  assert.deepEqual(silent, [], `rules that did not fire on ${brokenFixture}`);
});

test('every connector folder is validated', () => {
  const folders = readdirSync(join(root, 'connector'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(folders, [...connectors].sort());
});

// The trigger shapes of the connector rules: a webhook trigger (as the example webhook connector), or a polling
// trigger (x-ms-trigger-metadata mode polling: a 200 with the batch and a 202 while nothing is new, both with the
// Location of the next poll and Retry-After).
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
module.exports = function triggerShape(pathItem, _options, context) {
  const results = [];
  const base = context.path;
  for (const method of METHODS) {
    const operation = pathItem?.[method];
    if (!operation || operation['x-ms-trigger'] === undefined) continue;
    const at = (...rest) => [...base, method, ...rest];
    if (!['single', 'batch'].includes(operation['x-ms-trigger'])) {
      results.push({ message: 'x-ms-trigger is "single" or "batch".', path: at('x-ms-trigger') });
    }
    if (!operation['x-ms-trigger-hint']) {
      results.push({ message: 'A trigger has an x-ms-trigger-hint.', path: at() });
    }
    if (operation['x-ms-trigger-metadata']?.mode === 'polling') {
      if (operation['x-ms-trigger-metadata'].kind !== 'query') {
        results.push({ message: 'A polling trigger has x-ms-trigger-metadata kind "query".', path: at('x-ms-trigger-metadata') });
      }
      for (const status of ['200', '202']) {
        const response = operation.responses?.[status];
        if (!response?.headers?.Location || !response?.headers?.['Retry-After']) {
          results.push({ message: `The ${status} of a polling trigger has Location and Retry-After headers.`, path: at('responses') });
        }
      }
      if (operation['x-ms-trigger'] === 'batch' && operation.responses?.['200']?.schema?.type !== 'array') {
        results.push({ message: 'The 200 of a batch polling trigger is an array of items.', path: at('responses', '200') });
      }
      continue;
    }
    const created = operation.responses?.['201'];
    if (!created) {
      results.push({ message: 'A webhook trigger answers 201 with the unsubscribe Location.', path: at('responses') });
    } else if (!created.headers?.Location) {
      results.push({ message: 'The 201 of a webhook trigger has a Location header.', path: at('responses', '201') });
    }
    const body = (operation.parameters ?? []).find((p) => p.in === 'body');
    const properties = body?.schema?.properties ?? {};
    const notification = Object.entries(properties).find(([, p]) => p?.['x-ms-notification-url'] === true);
    if (!notification) {
      results.push({ message: 'A webhook trigger body has a property with x-ms-notification-url: true.', path: at('parameters') });
    } else if (notification[1]['x-ms-visibility'] !== 'internal') {
      results.push({ message: `The notification URL property ${notification[0]} is x-ms-visibility: internal.`, path: at('parameters') });
    }
    if (!pathItem['x-ms-notification-content']?.schema) {
      results.push({ message: 'The path of a webhook trigger describes its payload with x-ms-notification-content and a schema.', path: base });
    }
  }
  return results;
};

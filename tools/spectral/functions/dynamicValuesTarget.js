// Every x-ms-dynamic-values names a GET operation (internal, or an action that doubles as a picker) of the same definition, with value-path and value-title.
module.exports = function dynamicValuesTarget(document) {
  const operations = new Map();
  for (const item of Object.values(document?.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (operation?.operationId) operations.set(operation.operationId, { method, operation });
    }
  }
  const results = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) { node.forEach((child, i) => walk(child, [...path, i])); return; }
    if (!node || typeof node !== 'object') return;
    const dynamic = node['x-ms-dynamic-values'];
    if (dynamic) {
      const at = [...path, 'x-ms-dynamic-values'];
      const target = operations.get(dynamic.operationId);
      if (!target) results.push({ message: `x-ms-dynamic-values names ${dynamic.operationId}, which is not an operation here.`, path: at });
      else if (target.method !== 'get') results.push({ message: `The picker ${dynamic.operationId} is not a GET.`, path: at });
      if (!dynamic['value-path'] || !dynamic['value-title']) results.push({ message: 'x-ms-dynamic-values has value-path and value-title.', path: at });
    }
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(document?.paths, ['paths']);
  walk(document?.definitions, ['definitions']);
  return results;
};

// No two operations share an operationId.
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
module.exports = function operationIdsUnique(document) {
  const seen = new Map();
  const results = [];
  for (const [path, item] of Object.entries(document?.paths ?? {})) {
    for (const method of METHODS) {
      const id = item?.[method]?.operationId;
      if (!id) continue;
      if (seen.has(id)) results.push({ message: `operationId ${id} is also used by ${seen.get(id)}.`, path: ['paths', path, method, 'operationId'] });
      else seen.set(id, `${method.toUpperCase()} ${path}`);
    }
  }
  return results;
};

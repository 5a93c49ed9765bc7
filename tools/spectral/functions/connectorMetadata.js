// x-ms-connector-metadata lists Website, Privacy policy and Categories, each with a value.
const REQUIRED = ['Website', 'Privacy policy', 'Categories'];
module.exports = function connectorMetadata(document) {
  const metadata = document?.['x-ms-connector-metadata'];
  if (!Array.isArray(metadata)) return [{ message: 'x-ms-connector-metadata is missing.', path: [] }];
  return REQUIRED
    .filter((name) => !metadata.some((m) => m?.propertyName === name && typeof m.propertyValue === 'string' && m.propertyValue.length > 0))
    .map((name) => ({ message: `x-ms-connector-metadata has no ${name}.`, path: ['x-ms-connector-metadata'] }));
};

// The description says more than the summary: present, different, and a sentence.
module.exports = function distinctDescription(operation) {
  if (!operation || typeof operation !== 'object') return [];
  const { summary, description } = operation;
  if (typeof description !== 'string' || description.trim() === '') return [];
  if (typeof summary === 'string' && description.trim().toLowerCase() === summary.trim().toLowerCase()) {
    return [{ message: 'description repeats the summary; describe the operation in sentences.', path: ['description'] }];
  }
  if (!/[.!?]$/.test(description.trim())) {
    return [{ message: 'description is not a full sentence ending with a period.', path: ['description'] }];
  }
  return [];
};

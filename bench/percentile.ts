// The p-th percentile of a sample, rounded to `decimals` places (a tenth by default); null for an empty sample.
export const percentile = (values: readonly number[], p: number, decimals = 1): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  const scale = 10 ** decimals;
  return sorted.length === 0
    ? null
    : Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * scale) / scale;
};

// The one place that names a concert's stream. Every reservation of a concert lands here, so it is hot.
export const concertCategory = 'concert';

export function concertStream(concertId: string): string {
  return `${concertCategory}-${concertId}`;
}

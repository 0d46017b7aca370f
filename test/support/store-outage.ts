// What the specs of a store failing under the service measure: how long an answer took, and when the service answers again.
import { getJson, type Answer } from './http.js';

/** The answer `call` gets, with the milliseconds it took to come. */
export async function timed(call: () => Promise<Answer>): Promise<Answer & { ms: number }> {
  const started = Date.now();
  const answer = await call();
  return { ...answer, ms: Date.now() - started };
}

/** Asks `url` every 200 ms until it answers 200 or `withinMs` have passed; the last answer, for the spec to judge. */
export async function answerOnceBack(url: string, withinMs = 30_000): Promise<Answer> {
  const deadline = Date.now() + withinMs;
  let answer: Answer;
  do {
    answer = await getJson(url);
    if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
  } while (answer.status !== 200 && Date.now() < deadline);
  return answer;
}

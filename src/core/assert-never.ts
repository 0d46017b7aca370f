// Exhaustiveness guard: a switch over a union that forgets a case stops compiling here.
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

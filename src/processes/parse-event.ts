// Validates a delivered event's data against the domain's schema: a message that does not fit is parked, never guessed at.
import type { z } from 'zod';
import { UnprocessableMessage, type ProcessMessage } from './process-message.js';

export function parseEventData<T>(schema: z.ZodType<T>, message: ProcessMessage): T {
  const parsed = schema.safeParse(message.data);
  if (!parsed.success) {
    throw new UnprocessableMessage(
      `${message.streamId}@${message.revision} (${message.type}) does not fit its schema: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

// Reads the common shape of a few hot protobuf messages by hand; anything else throws `unusual`,
// and the caller then leaves the message to the message decoder (messages.ts).

const LENGTH_DELIMITED = 2;

/** Thrown (one shared instance) when a message is not in the shape the hand decoders read. */
export const unusual = new Error('not the common shape of this message');

export class Reader {
  offset: number;
  constructor(
    readonly buffer: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.offset = start;
  }

  get done(): boolean {
    return this.offset >= this.end;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (this.offset >= this.end) throw unusual;
      const byte = this.buffer[this.offset++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    throw unusual;
  }

  /** A length-delimited field's [start, end) after its tag. */
  delimited(): [number, number] {
    const length = this.varint();
    const start = this.offset;
    const end = start + length;
    if (end > this.end) throw unusual;
    this.offset = end;
    return [start, end];
  }

  /** The next tag, which must be a length-delimited field; returns its field number. */
  field(): number {
    const tag = this.varint();
    if ((tag & 7) !== LENGTH_DELIMITED) throw unusual;
    return tag >>> 3;
  }
}

export const text = (buffer: Buffer, [start, end]: [number, number]): string => buffer.toString('utf8', start, end);
export const bytes = (buffer: Buffer, [start, end]: [number, number]): Uint8Array =>
  new Uint8Array(buffer.subarray(start, end));

/** A `UUID { string string = 2 }` in lower case; anything else is unusual. */
export function decodeStringUuid(buffer: Buffer, range: [number, number]): string {
  const r = new Reader(buffer, range[0], range[1]);
  let id = '';
  let seen = false;
  while (!r.done) {
    if (r.field() !== 2 || seen) throw unusual;
    seen = true;
    id = text(buffer, r.delimited()).toLowerCase();
  }
  return id;
}

/**
 * A small ZIP writer for the xlsx package: each entry is deflated through the platform's
 * CompressionStream('deflate-raw') (workerd, Node ≥ 18, browsers) while its text is produced, so a
 * 15,000-row sheet never exists as one string. Local headers carry sizes and CRC-32 (no data
 * descriptors), dates are fixed by the caller, no ZIP64 (entries stay far below 4 GB).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(crc: number, bytes: Uint8Array): number {
  let c = crc ^ 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/** MS-DOS date and time of the entries (the format's only clock). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

export class ZipWriter {
  readonly #parts: Uint8Array[] = [];
  readonly #entries: Entry[] = [];
  readonly #stamp: { time: number; date: number };
  #offset = 0;

  constructor(modified: Date) {
    this.#stamp = dosDateTime(modified);
  }

  #push(bytes: Uint8Array): void {
    this.#parts.push(bytes);
    this.#offset += bytes.length;
  }

  /** Adds one entry whose text comes in pieces; each piece is encoded and deflated as it arrives. */
  async add(name: string, pieces: Iterable<string>): Promise<void> {
    const encoder = new TextEncoder();
    const compressor = new CompressionStream('deflate-raw');
    const writer = compressor.writable.getWriter();
    const output = collect(compressor.readable as ReadableStream<Uint8Array>);
    let crc = 0;
    let size = 0;
    for (const piece of pieces) {
      if (piece === '') continue;
      const bytes = encoder.encode(piece);
      crc = crc32(crc, bytes);
      size += bytes.length;
      await writer.write(bytes);
    }
    await writer.close();
    const compressed = await output;
    const compressedSize = compressed.reduce((n, c) => n + c.length, 0);
    const nameBytes = encoder.encode(name);
    const entry: Entry = { name: nameBytes, crc, size, compressedSize, offset: this.#offset };
    this.#entries.push(entry);
    this.#push(this.#header(0x04034b50, entry, false));
    for (const chunk of compressed) this.#push(chunk);
  }

  #header(signature: number, e: Entry, central: boolean): Uint8Array {
    const fixed = central ? 46 : 30;
    const out = new Uint8Array(fixed + e.name.length);
    const v = new DataView(out.buffer);
    let p = 0;
    const u16 = (n: number) => {
      v.setUint16(p, n, true);
      p += 2;
    };
    const u32 = (n: number) => {
      v.setUint32(p, n >>> 0, true);
      p += 4;
    };
    u32(signature);
    if (central) u16(20); // version made by
    u16(20); // version needed: deflate
    u16(0x0800); // flags: UTF-8 names
    u16(8); // deflate
    u16(this.#stamp.time);
    u16(this.#stamp.date);
    u32(e.crc);
    u32(e.compressedSize);
    u32(e.size);
    u16(e.name.length);
    u16(0); // extra field length
    if (central) {
      u16(0); // comment length
      u16(0); // disk number
      u16(0); // internal attributes
      u32(0); // external attributes
      u32(e.offset);
    }
    out.set(e.name, p);
    return out;
  }

  /** The finished archive: entries, central directory, end record. */
  finish(): Uint8Array<ArrayBuffer> {
    const start = this.#offset;
    for (const e of this.#entries) this.#push(this.#header(0x02014b50, e, true));
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.#entries.length, true);
    v.setUint16(10, this.#entries.length, true);
    v.setUint32(12, this.#offset - start, true);
    v.setUint32(16, start, true);
    this.#push(end);
    const out = new Uint8Array(this.#offset);
    let p = 0;
    for (const part of this.#parts) {
      out.set(part, p);
      p += part.length;
    }
    return out;
  }
}

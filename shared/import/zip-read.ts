/**
 * Reads named entries of a ZIP archive (an xlsx package) with the platform's
 * DecompressionStream('deflate-raw') (workerd, Node ≥ 18, browsers): the importer needs the parts
 * exceljs does not read, such as the custom XML part carrying a plan's identity. Sizes come from the
 * central directory, so entries written with data descriptors read too. No ZIP64, no encryption:
 * what cannot be read comes back as null, never an exception.
 */

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function centralDirectory(data: Uint8Array): CentralEntry[] | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // The end record is within the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let p = data.length - 22; p >= Math.max(0, data.length - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD) {
      end = p;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const entries: CentralEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || view.getUint32(p, true) !== CENTRAL) return null;
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    const name = decoder.decode(data.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, method, compressedSize, offset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates at most `limit` bytes; null beyond it (a part this large is no identity) or when broken. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

async function contents(data: Uint8Array, e: CentralEntry, limit: number): Promise<Uint8Array | null> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (e.offset + 30 > data.length || view.getUint32(e.offset, true) !== LOCAL) return null;
  const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
  const raw = data.subarray(start, start + e.compressedSize);
  if (raw.length !== e.compressedSize) return null;
  if (e.method === 0) return raw.length <= limit ? raw : null;
  return e.method === 8 ? inflate(raw, limit) : null;
}

/** The entries whose names `wanted` accepts, as text (UTF-8), in archive order. */
export async function readZipTexts(
  data: Uint8Array,
  wanted: (name: string) => boolean,
  limit = 8 * 1024 * 1024,
): Promise<{ name: string; text: string }[]> {
  const entries = centralDirectory(data);
  if (!entries) return [];
  const out: { name: string; text: string }[] = [];
  for (const e of entries) {
    if (!wanted(e.name) || e.compressedSize > limit) continue;
    const bytes = await contents(data, e, limit);
    if (bytes) out.push({ name: e.name, text: new TextDecoder().decode(bytes) });
  }
  return out;
}

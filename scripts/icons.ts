/**
 * Draws the add-in's icons (a rising bar chart on the Office blue) as PNGs, so the repository
 * needs no downloaded images: `node scripts/icons.ts` writes addin/public/assets/icon-<size>.png.
 * The PNG encoder is the format's minimum: IHDR, one zlib-compressed IDAT, IEND.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (row-major, 4 bytes each) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.subarray(y * width * 4, (y + 1) * width * 4)).copy(raw, y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const BLUE = [0x0f, 0x6c, 0xbd] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** A rounded blue square with three white bars of rising height. */
export function drawIcon(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const radius = size * 0.18;
  const bars = [0.35, 0.55, 0.8];
  const barWidth = size * 0.16;
  const gap = size * 0.08;
  const left = (size - (3 * barWidth + 2 * gap)) / 2;
  const bottom = size * 0.8;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.max(radius - x - 0.5, 0, x + 0.5 - (size - radius));
      const cy = Math.max(radius - y - 0.5, 0, y + 0.5 - (size - radius));
      const inside = Math.hypot(cx, cy) <= radius;
      if (!inside) continue;
      let color: readonly number[] = BLUE;
      bars.forEach((h, i) => {
        const x0 = left + i * (barWidth + gap);
        if (
          x + 0.5 >= x0 &&
          x + 0.5 < x0 + barWidth &&
          y + 0.5 < bottom &&
          y + 0.5 >= bottom - h * size * 0.6
        )
          color = WHITE;
      });
      const o = (y * size + x) * 4;
      px.set([color[0]!, color[1]!, color[2]!, 255], o);
    }
  }
  return px;
}

export function iconFile(size: number): string {
  return `icon-${size}.png`;
}

if (import.meta.main) {
  const dir = resolve(import.meta.dirname, '../addin/public/assets');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(dir, iconFile(size));
    writeFileSync(file, encodePng(size, size, drawIcon(size)));
    console.log(`wrote ${file}`);
  }
}

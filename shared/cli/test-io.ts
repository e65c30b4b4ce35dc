import { type CliIo, utf8Text } from './io.ts';

const errno = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code });

/** An in-memory file system and captured output, for calling main() in tests. */
export function memoryIo(files: Record<string, string> = {}) {
  const disk = new Map<string, string | Uint8Array>(Object.entries(files));
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readFile: async (path) => {
      if (path.endsWith('/')) throw errno('EISDIR', path);
      const data = disk.get(path);
      if (data === undefined) throw errno('ENOENT', path);
      return typeof data === 'string' ? data : utf8Text(data);
    },
    writeFile: async (path, data) => {
      if (path.startsWith('/readonly/')) throw errno('EACCES', path);
      disk.set(path, data);
    },
  };
  return { io, out, disk };
}

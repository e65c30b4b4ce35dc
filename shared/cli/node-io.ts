import { readFile, writeFile } from 'node:fs/promises';
import { type CliIo, utf8Text } from './io.ts';

/** The real process and file system, for bin/shinchoku.mjs. */
export const nodeIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFile: async (path) => utf8Text(new Uint8Array(await readFile(path))),
  readBytes: async (path) => new Uint8Array(await readFile(path)),
  writeFile: (path, data) => writeFile(path, data),
};

import type { Message } from '../problem.ts';

/** Everything the CLI touches outside itself, injected so tests run it without a process or a disk. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * UTF-8 text of a file; rejects with an error whose `code` is 'ENOENT', 'EISDIR'… as Node's fs does,
   * and 'EILSEQ' when the bytes are not UTF-8 (see utf8Text).
   */
  readFile(path: string): Promise<string>;
  /** The bytes of a file (`shinchoku import` reads xlsx); rejects like readFile. */
  readBytes?(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
}

/**
 * The text of file bytes. Bytes that are not UTF-8 reject ('EILSEQ') instead of becoming U+FFFD:
 * validate must judge the text the file holds, as the worker judges the body it is sent.
 */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw Object.assign(new Error('The file is not UTF-8'), { code: 'EILSEQ' });
  }
}

/** Exit codes: 0 done, 1 the data is invalid or cannot be used, 2 the command line is wrong. */
export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

/** A reason to stop, shown as one line. Thrown inside the CLI only, caught by main(). */
export class CliError extends Error {
  readonly exitCode: number;
  readonly reason: Message;

  constructor(reason: Message, exitCode: number) {
    super(reason.en);
    this.reason = reason;
    this.exitCode = exitCode;
  }
}

export const usageError = (reason: Message) => new CliError(reason, EXIT_USAGE);
export const dataError = (reason: Message) => new CliError(reason, EXIT_DATA);

/** The one line a failure prints: Japanese first, then English. */
export function reasonLine(reason: Message): string {
  return `shinchoku: ${reason.ja} / ${reason.en}\n`;
}

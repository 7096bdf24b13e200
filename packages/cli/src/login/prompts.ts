import { createInterface } from 'node:readline/promises';
import { registerSecret } from '@bankkit/core';
import type { CliIo } from '../context.js';
import { UsageError } from '../errors/cli-errors.js';

/** True when the user can be asked: stdin is a terminal. */
export function canPrompt(io: CliIo): boolean {
  return io.stdin.isTTY === true;
}

/** Asks for a line of text on stderr (stdout stays clean for machine output). */
export async function promptText(io: CliIo, question: string, signal?: AbortSignal): Promise<string> {
  const readline = createInterface({ input: io.stdin, output: io.stderr, terminal: canPrompt(io) });
  try {
    const answer = await readline.question(`${question} `, signal ? { signal } : {});
    return answer.trim();
  } finally {
    readline.close();
  }
}

/** Asks for a password without echoing it; the answer is registered as a secret at once. */
export async function promptPassword(io: CliIo, question: string, signal?: AbortSignal): Promise<string> {
  const output = io.stderr as NodeJS.WritableStream;
  const { default: password } = await import('@inquirer/password');
  const answer = await password(
    { message: question, mask: true },
    { input: io.stdin, output, clearPromptOnDone: true, ...(signal ? { signal } : {}) },
  );
  registerSecret(answer);
  return answer;
}

/** A value needed from the user who cannot be asked (no terminal). */
export function cannotPrompt(what: string, how: string): UsageError {
  return new UsageError(`${what} is needed and stdin is not a terminal to ask for it.`, how);
}

import { createInterface } from 'node:readline/promises';

/**
 * Asks a yes/no question on the terminal: the question on stderr (stdout stays one document), the answer from
 * stdin. Only "y" or "yes" (any case) says yes; anything else, end of input included, says no. Null when stdin or
 * stderr is not a terminal: a script must say --yes itself.
 */
export function terminalConfirm(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): ((question: string) => Promise<boolean>) | undefined {
  if (!input.isTTY || !output.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input, output, terminal: true });
    try {
      const answer = await new Promise<string>((resolve) => {
        rl.once('close', () => resolve(''));
        void rl.question(question).then(resolve, () => resolve(''));
      });
      return /^\s*y(es)?\s*$/i.test(answer);
    } finally {
      rl.close();
    }
  };
}

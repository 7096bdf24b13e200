/**
 * What a terminal shows after receiving `output`: the lines of the screen, as a person would read
 * them. Enough of a terminal for the CLI's output: printable characters overwrite at the cursor,
 * `\r` returns to the line's start, `\n` moves down a line, `ESC [2K` erases the line and `ESC [K`
 * the rest of it; other escape sequences are dropped. Lines are not wrapped, so a line longer than
 * the terminal shows as longer: tests compare widths themselves.
 */
export function screenLines(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let column = 0;
  for (let index = 0; index < output.length; index += 1) {
    const char = output[index] ?? '';
    if (char === '\u001b') {
      // CSI: ESC, `[`, parameters, one command letter.
      const match = /^\[([0-9;?]*)([A-Za-z])/.exec(output.slice(index + 1));
      if (match) {
        const [sequence, parameter, command] = match;
        const line = lines[row] ?? [];
        if (command === 'K' && parameter === '2') lines[row] = [];
        else if (command === 'K') line.length = Math.min(line.length, column);
        index += sequence.length;
      }
      continue;
    }
    if (char === '\r') {
      column = 0;
    } else if (char === '\n') {
      row += 1;
      column = 0;
      lines[row] ??= [];
    } else {
      const line = lines[row] ?? [];
      while (line.length < column) line.push(' ');
      line[column] = char;
      column += 1;
      lines[row] = line;
    }
  }
  return lines.map((line) => line.join('').trimEnd());
}

/** Quotes a word for a POSIX shell when it holds anything beyond the obviously safe characters. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,~-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

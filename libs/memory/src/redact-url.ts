/** A connection string with its password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Unparseable: hide whatever sits between `user:` and `@`.
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

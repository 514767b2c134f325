import { createServer } from 'node:net';

/** Whether `port` can be bound on `host` now; resolves to the bound port (0 gives any free one) or undefined when taken. */
function tryPort(port, host) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error)));
    server.listen(port, host, () => {
      const bound = server.address().port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port to serve on: `preferred` when it is free on `host`, else any free one. Resolves to
 * `{ port, taken }`, `taken` saying the preferred port was busy (so the caller can say so).
 */
export async function choosePort(preferred, host = '127.0.0.1') {
  const free = await tryPort(preferred, host);
  if (free !== undefined) return { port: free, taken: false };
  return { port: await tryPort(0, host), taken: true };
}

/** Reads a tRPC answer over HTTP; throws the server's own message (naming the field) when refused. */
async function answer(res, path) {
  const body = await res.json();
  if (!res.ok || !body.result) {
    const error = new Error(body.error?.message ?? `${path} answered HTTP ${res.status}`);
    error.data = body.error?.data;
    throw error;
  }
  return body.result.data;
}

/** A query of the API at `url` (the tRPC base URL `startServer` gives). */
export async function query(url, path, input) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return answer(await fetch(`${url}/${path}${qs}`), path);
}

/** A mutation of the API at `url`. */
export async function mutate(url, path, input) {
  return answer(await fetch(`${url}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }), path);
}

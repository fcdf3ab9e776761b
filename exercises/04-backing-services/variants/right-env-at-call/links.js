// Links are kept in the attached key-value store: LINKS_STORE_URL, LINKS_STORE_TOKEN.

const keyUrl = (code) => `${process.env.LINKS_STORE_URL.replace(/\/$/, '')}/keys${code === undefined ? '' : `/${encodeURIComponent(code)}`}`;

async function kv(method, code, body) {
  const res = await fetch(keyUrl(code), {
    method,
    body,
    headers: { authorization: `Bearer ${process.env.LINKS_STORE_TOKEN}` },
  });
  if (method === 'GET' && res.status === 404) {
    await res.text();
    return null;
  }
  if (!res.ok) throw new Error(`store said ${res.status}`);
  return res;
}

export async function findLink(code) {
  const res = await kv('GET', code);
  return res ? await res.text() : undefined;
}

export async function allLinks() {
  const codes = await (await kv('GET')).json();
  const links = {};
  await Promise.all(
    codes.map(async (code) => {
      const url = await findLink(code);
      if (url !== undefined) links[code] = url;
    }),
  );
  return links;
}

export async function addLink(url, code = Math.random().toString(36).slice(2, 8)) {
  if (await findLink(code)) return null;
  await kv('PUT', code, url);
  return code;
}

export async function deleteLink(code) {
  if (!(await findLink(code))) return false;
  await kv('DELETE', code);
  return true;
}

// REST client for Parley's public API (/api/v10): JSON requests with the user token, Discord's
// error bodies turned into ApiError, 429s waited out (rest.md §4.2), uploads with progress.

export class ApiError extends Error {
  constructor(status, body, retryAfter = 0) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? 0;
    this.body = body;
    this.retryAfter = retryAfter;  // seconds, for 429
  }

  // Field errors of a 400 (rest.md §3.2): {field: [messages]}.
  get fieldErrors() {
    const out = {};
    const walk = (node, path) => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node._errors)) out[path || '_'] = node._errors.map((e) => ({ code: e.code, message: e.message }));
      for (const [k, v] of Object.entries(node)) if (k !== '_errors') walk(v, path ? `${path}.${k}` : k);
    };
    walk(this.body?.errors, '');
    return out;
  }

  get isRateLimit() { return this.status === 429; }
  get isNetwork() { return this.status === 0; }
}

const BASE = '/api/v10';

export class Api {
  constructor(token = null) {
    this.token = token;
    this.onUnauthorized = null;  // called on a 401 for an authenticated call (token revoked)
  }

  headers(json) {
    const h = {};
    if (json) h['Content-Type'] = 'application/json';
    if (this.token) h.Authorization = this.token;
    return h;
  }

  // retries: how many 429s to wait out before giving up. Interactive auth calls pass 0 so the
  // person sees "try again in N s" instead of a frozen button.
  async request(method, path, body, { retries = 3, signal } = {}) {
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        res = await fetch(BASE + path, {
          method,
          headers: this.headers(body !== undefined),
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal,
        });
      } catch (e) {
        if (e.name === 'AbortError') throw e;
        throw new ApiError(0, { message: 'Cannot reach the server. Check your connection.' });
      }
      if (res.status === 204) return null;
      const data = res.headers.get('Content-Type')?.startsWith('application/json') ? await res.json().catch(() => null) : null;
      if (res.ok) return data;
      if (res.status === 429) {
        const retryAfter = Number(data?.retry_after ?? res.headers.get('Retry-After') ?? 1);
        if (attempt < retries) {
          await sleep(Math.min(retryAfter, 30) * 1000 + 50);
          continue;
        }
        throw new ApiError(429, data || { message: 'You are being rate limited.' }, retryAfter);
      }
      if (res.status === 401 && this.token && this.onUnauthorized) this.onUnauthorized();
      throw new ApiError(res.status, data);
    }
  }

  get(path, opts) { return this.request('GET', path, undefined, opts); }
  post(path, body = {}, opts) { return this.request('POST', path, body, opts); }
  patch(path, body, opts) { return this.request('PATCH', path, body, opts); }
  put(path, body, opts) { return this.request('PUT', path, body, opts); }
  del(path, opts) { return this.request('DELETE', path, undefined, opts); }

  // --- accounts (rest.md §7.10) ---
  register(username, password) { return this.post('/auth/register', { username, password }, { retries: 0 }); }
  login(login, password) { return this.post('/auth/login', { login, password }, { retries: 0 }); }
  logout() { return this.post('/auth/logout', {}, { retries: 0 }); }

  // --- messages ---
  messages(channelId, { before, after, limit = 50 } = {}) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before) q.set('before', before);
    if (after) q.set('after', after);
    return this.get(`/channels/${channelId}/messages?${q}`);
  }

  // Multipart create-message (rest.md §5) through XMLHttpRequest: fetch has no upload progress.
  // onProgress(loaded, total). Returns {promise, abort}.
  upload(channelId, payload, files, onProgress) {
    const xhr = new XMLHttpRequest();
    const promise = new Promise((resolve, reject) => {
      const form = new FormData();
      payload = { ...payload, attachments: files.map((f, i) => ({ id: i, filename: f.name })) };
      // A plain field: a Blob would be sent with a filename, as if it were a file.
      form.append('payload_json', JSON.stringify(payload));
      files.forEach((f, i) => form.append(`files[${i}]`, f, f.name));
      xhr.open('POST', `${BASE}/channels/${channelId}/messages`);
      if (this.token) xhr.setRequestHeader('Authorization', this.token);
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : 0);
      xhr.onerror = () => reject(new ApiError(0, { message: 'Upload failed: cannot reach the server.' }));
      xhr.onabort = () => reject(new ApiError(0, { message: 'Upload cancelled.' }));
      xhr.onload = () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300) resolve(data);
        else reject(new ApiError(xhr.status, data, Number(data?.retry_after ?? 0)));
      };
      xhr.send(form);
    });
    return { promise, abort: () => xhr.abort() };
  }
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// Emoji in a reaction route: unicode as itself, custom as name:id (rest.md §6.7).
export function emojiRoute(emoji) {
  return encodeURIComponent(emoji.id ? `${emoji.name}:${emoji.id}` : emoji.name);
}

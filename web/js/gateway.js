// Gateway connection of a person (gateway.md §3): Hello, jittered heartbeats with zombie
// detection, Identify with the user token, Resume with the last seq after any drop (exponential
// backoff with jitter), re-Identify when the session is gone. Emits:
//   'dispatch' {t, d, replayed}   every op 0 (replayed: arrived during a Resume replay)
//   'state'    {state}           'connecting' | 'ready' | 'offline'
//   'fatal'    {code}            the token was refused (4004): the caller logs out

// Everything a person's client needs; the privileged ones are allowed for user sessions.
export const INTENTS = (1 << 0) | (1 << 1) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) |
  (1 << 12) | (1 << 13) | (1 << 14) | (1 << 15);

const FATAL = new Set([4004, 4010, 4011, 4012, 4013, 4014]);
const NEW_SESSION = new Set([4007, 4009]);

export class Gateway extends EventTarget {
  constructor(token, { url } = {}) {
    super();
    this.token = token;
    this.baseUrl = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/gateway`;
    this.ws = null;
    this.sessionId = null;
    this.resumeUrl = null;
    this.seq = null;
    this.state = 'offline';
    this.attempt = 0;
    this.heartbeatTimer = 0;
    this.reconnectTimer = 0;
    this.ackPending = false;
    this.closedByUs = false;
    this.replaying = false;
    this.presence = { status: 'online', since: null, activities: [], afk: false };
    this.onOnline = () => { if (!this.ws && !this.closedByUs) this.reconnectNow(); };
    this.onOffline = () => this.drop('browser offline');
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
  }

  connect() {
    this.closedByUs = false;
    this.open();
  }

  // Logging out: close with 1000 so the server ends the session at once (gateway.md §3.6).
  close() {
    this.closedByUs = true;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    if (this.ws) this.ws.close(1000, 'logout');
    this.ws = null;
  }

  setPresence(status) {
    this.presence = { ...this.presence, status, since: status === 'idle' ? Date.now() : null };
    this.send(3, this.presence);
  }

  // Op 8 (gateway.md §7): answered by GUILD_MEMBERS_CHUNK with the members' presences.
  requestMembers(guildId, userIds) {
    this.send(8, userIds ? { guild_id: guildId, user_ids: userIds, presences: true }
      : { guild_id: guildId, query: '', limit: 0, presences: true });
  }

  // --- internals ---

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state } }));
  }

  open() {
    clearTimeout(this.reconnectTimer);
    const base = (this.sessionId && this.resumeUrl) || this.baseUrl;
    const ws = new WebSocket(`${base}?v=10&encoding=json`);
    this.ws = ws;
    this.setState('connecting');
    ws.onmessage = (e) => { if (this.ws === ws) this.onPayload(e.data); };
    ws.onclose = (e) => { if (this.ws === ws) this.onClose(e.code); };
    ws.onerror = () => { /* onclose follows */ };
  }

  send(op, d) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ op, d }));
  }

  onPayload(text) {
    let p;
    try { p = JSON.parse(text); } catch { return this.drop('bad payload'); }
    if (p.s != null) this.seq = p.s;
    switch (p.op) {
      case 10: return this.onHello(p.d.heartbeat_interval);
      case 11: this.ackPending = false; return;
      case 1: return this.send(1, this.seq);
      case 7: return this.drop('server asked to reconnect');
      case 9: return this.onInvalidSession(p.d === true);
      case 0: return this.onDispatch(p.t, p.d);
      default:
    }
  }

  onHello(interval) {
    this.stopHeartbeat();
    this.ackPending = false;
    const beat = () => {
      // No ACK since our last beat: the connection is a zombie (gateway.md §3.2).
      if (this.ackPending) return this.drop('heartbeat not acknowledged');
      this.ackPending = true;
      this.send(1, this.seq);
      this.heartbeatTimer = setTimeout(beat, interval);
    };
    this.heartbeatTimer = setTimeout(beat, interval * Math.random());
    if (this.sessionId) {
      this.replaying = true;
      this.send(6, { token: this.token, session_id: this.sessionId, seq: this.seq });
    } else {
      this.send(2, {
        token: this.token,
        intents: INTENTS,
        properties: { os: navigator.platform || 'web', browser: 'parley-web', device: 'parley-web' },
        presence: this.presence,
        large_threshold: 250,
      });
    }
  }

  onInvalidSession(resumable) {
    if (!resumable) {
      this.sessionId = null;
      this.seq = null;
    }
    // gateway.md §3.8: wait 1–5 s, then start over on a new socket.
    this.stopHeartbeat();
    const ws = this.ws;
    this.ws = null;
    ws?.close(4000, 'invalid session');
    this.reconnectTimer = setTimeout(() => this.open(), 1000 + Math.random() * 4000);
  }

  onDispatch(t, d) {
    if (t === 'READY') {
      this.sessionId = d.session_id;
      this.resumeUrl = d.resume_gateway_url || null;
      this.attempt = 0;
      this.replaying = false;
      this.setState('ready');
    } else if (t === 'RESUMED') {
      this.attempt = 0;
      this.replaying = false;
      this.setState('ready');
    }
    this.dispatchEvent(new CustomEvent('dispatch', { detail: { t, d, replayed: this.replaying } }));
  }

  onClose(code) {
    this.stopHeartbeat();
    this.ws = null;
    if (this.closedByUs) return;
    if (FATAL.has(code)) {
      this.setState('offline');
      this.dispatchEvent(new CustomEvent('fatal', { detail: { code } }));
      return;
    }
    if (NEW_SESSION.has(code)) {
      this.sessionId = null;
      this.seq = null;
    }
    this.scheduleReconnect();
  }

  // Close without 1000/1001 so the session stays resumable, then reconnect.
  drop(reason) {
    const ws = this.ws;
    this.ws = null;
    this.stopHeartbeat();
    if (ws) {
      try { ws.close(4000, reason.slice(0, 100)); } catch { /* already closing */ }
    }
    if (!this.closedByUs) this.scheduleReconnect();
  }

  scheduleReconnect() {
    this.setState('offline');
    clearTimeout(this.reconnectTimer);
    // Offline: the 'online' event reconnects at once; the slow retry covers a missed event.
    const delay = navigator.onLine === false ? 5000
      : Math.min(30000, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  reconnectNow() {
    this.attempt = 0;
    clearTimeout(this.reconnectTimer);
    this.open();
  }

  stopHeartbeat() {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = 0;
  }
}

// Entry point: keeps the session (token in sessionStorage: gone when the tab closes), routes
// between the sign-in pages, invites and the app, and feeds gateway dispatches to the store.
import { Api } from './api.js';
import { Gateway } from './gateway.js';
import { Store } from './store.js';
import { parseRoute, navigate } from './router.js';
import { applyTheme } from './theme.js';
import { authView } from './views/auth_view.js';
import { inviteView } from './views/invite_view.js';
import { AppView } from './views/app_view.js';

const TOKEN_KEY = 'parley.token';
const root = document.getElementById('app');
const api = new Api(sessionStorage.getItem(TOKEN_KEY));
let session = null;  // {store, gateway, app}

applyTheme();
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', applyTheme);

function startSession() {
  const store = new Store();
  const gateway = new Gateway(api.token);
  const app = new AppView({ api, store, gateway, onLogout: logout });
  let identified = false;
  gateway.addEventListener('dispatch', (e) => {
    const { t, d } = e.detail;
    store.apply(t, d);
    // A new member's presence is not part of GUILD_MEMBER_ADD: ask for it.
    if (t === 'GUILD_MEMBER_ADD' && d.user?.id !== store.me?.id) gateway.requestMembers(d.guild_id, [d.user.id]);
    if (t === 'READY') {
      // A new session after a lost one: fetch what the open channels missed meanwhile.
      if (identified) refill(store);
      identified = true;
      render();
    }
  });
  gateway.addEventListener('fatal', () => logout());
  api.onUnauthorized = () => logout();
  gateway.connect();
  // A deep link's messages load while the gateway connects (READY comes first otherwise).
  const route = parseRoute();
  if (route.name === 'channels' && route.channelId) {
    const channelId = route.channelId;
    store.prefetch = { channelId, promise: api.messages(channelId, { limit: 50 }).catch(() => null) };
  }
  session = { store, gateway, app };
  // For tests and benchmarks: read-only handles, never used by the app itself.
  window.__parley = session;
}

async function refill(store) {
  for (const [channelId, m] of store.messages) {
    if (!m.loaded || !m.list.length) continue;
    try {
      const batch = await api.messages(channelId, { after: m.list[m.list.length - 1].id, limit: 100 });
      store.addHistory(channelId, batch, {});
    } catch { /* shown when the channel is next opened */ }
  }
}

async function logout() {
  if (!session && !api.token) return;
  const token = api.token;
  session?.gateway.close();
  session = null;
  window.__parley = null;
  sessionStorage.removeItem(TOKEN_KEY);
  api.token = null;
  if (token) new Api(token).logout().catch(() => {});
  navigate('/login', { replace: true });
}

function onToken(token) {
  api.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  const next = sessionStorage.getItem('parley.next');
  sessionStorage.removeItem('parley.next');
  startSession();
  navigate(next || '/channels/@me', { replace: true });
}

function render() {
  const route = parseRoute();
  if (!api.token) {
    if (route.name === 'invite') sessionStorage.setItem('parley.next', location.pathname);
    const mode = route.name === 'register' || route.name === 'invite' ? 'register' : 'login';
    const notice = route.name === 'invite' ? 'Create an account or log in to accept the invite.' : null;
    root.replaceChildren(authView({ api, mode, onToken, notice }));
    return;
  }
  if (!session) startSession();
  const { store, app } = session;
  if (!store.me) {
    root.replaceChildren(Object.assign(document.createElement('p'), { className: 'boot', textContent: 'Connecting…' }));
    return;
  }
  if (route.name === 'invite') {
    root.replaceChildren(inviteView({ api, store, code: route.code }));
    return;
  }
  if (route.name !== 'channels') {
    navigate('/channels/@me', { replace: true });
    return;
  }
  if (root.firstChild !== app.el) root.replaceChildren(app.el);
  app.show(route);
}

addEventListener('popstate', render);
render();

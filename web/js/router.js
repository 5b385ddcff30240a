// Client-side routes (the server answers index.html for each, server/site/web_path.cpp):
//   /login  /register  /channels/@me[/{channel}]  /channels/{guild}[/{channel}]  /invite/{code}
export function parseRoute(pathname = location.pathname) {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'login' || parts[0] === 'register') return { name: parts[0] };
  if (parts[0] === 'invite' && parts[1]) return { name: 'invite', code: parts[1] };
  if (parts[0] === 'channels' && parts[1]) return { name: 'channels', guildId: parts[1], channelId: parts[2] || null };
  return { name: 'home' };
}

export function navigate(path, { replace = false } = {}) {
  if (location.pathname !== path) history[replace ? 'replaceState' : 'pushState'](null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function channelPath(guildId, channelId) {
  return `/channels/${guildId || '@me'}${channelId ? `/${channelId}` : ''}`;
}

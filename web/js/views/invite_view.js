// /invite/{code}: shows the invite's guild and channel, joins on "Accept" (POST /invites/{code}).
import { h } from '../dom.js';
import { describe } from './auth_view.js';
import { channelPath, navigate } from '../router.js';

export function inviteView({ api, store, code }) {
  const status = h('p.form-error', { role: 'alert' });
  const card = h('section.auth-card.invite', { 'aria-live': 'polite' }, h('p', null, 'Loading invite…'));
  const page = h('main.auth', null, card);
  api.get(`/invites/${encodeURIComponent(code)}`).then((inv) => {
    const already = inv.guild && store.guilds.has(inv.guild.id);
    const accept = h('button.primary', { type: 'button', id: 'accept-invite' }, already ? 'Open' : 'Accept invite');
    accept.addEventListener('click', async () => {
      accept.disabled = true;
      try {
        const joined = already ? inv : await api.post(`/invites/${encodeURIComponent(code)}`, {});
        navigate(channelPath(joined.guild?.id, joined.channel?.id), { replace: true });
      } catch (err) {
        status.textContent = describe(err);
        accept.disabled = false;
      }
    });
    card.replaceChildren(h('p', null, `${inv.inviter ? inv.inviter.global_name || inv.inviter.username : 'Someone'} invited you to join`),
      h('h1', null, inv.guild?.name || 'a conversation'), h('p', null, inv.channel ? `#${inv.channel.name}` : ''),
      status, accept, h('button', { type: 'button', onclick: () => navigate('/channels/@me', { replace: true }) }, 'Not now'));
    accept.focus();
  }).catch((err) => {
    card.replaceChildren(h('h1', null, 'Invite invalid'), h('p', null, err.status === 404 ? 'This invite has expired or does not exist.' : describe(err)),
      h('button', { type: 'button', onclick: () => navigate('/channels/@me', { replace: true }) }, 'Continue'));
  });
  return page;
}

// Permission arithmetic of rest.md §8 (base permissions, then channel overwrites), used only to
// decide which controls to show; the server checks every request again.
export const P = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  KICK_MEMBERS: 1n << 1n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_CHANNELS: 1n << 4n,
  MANAGE_GUILD: 1n << 5n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  MANAGE_MESSAGES: 1n << 13n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MENTION_EVERYONE: 1n << 17n,
};
const ALL = (1n << 53n) - 1n;

export function basePermissions(guildState, userId) {
  const g = guildState.guild;
  if (g.owner_id === userId) return ALL;
  let perms = BigInt(guildState.roles.get(g.id)?.permissions || '0');
  for (const roleId of guildState.members.get(userId)?.roles || []) perms |= BigInt(guildState.roles.get(roleId)?.permissions || '0');
  return perms & P.ADMINISTRATOR ? ALL : perms;
}

export function channelPermissions(guildState, channel, userId) {
  let perms = basePermissions(guildState, userId);
  if (perms === ALL || !channel) return perms;
  const ows = channel.permission_overwrites || [];
  const apply = (ow) => { if (ow) perms = (perms & ~BigInt(ow.deny)) | BigInt(ow.allow); };
  apply(ows.find((o) => o.id === guildState.guild.id));
  const roles = guildState.members.get(userId)?.roles || [];
  let allow = 0n, deny = 0n;
  for (const o of ows) if (o.type === 0 && o.id !== guildState.guild.id && roles.includes(o.id)) { allow |= BigInt(o.allow); deny |= BigInt(o.deny); }
  perms = (perms & ~deny) | allow;
  apply(ows.find((o) => o.type === 1 && o.id === userId));
  return perms;
}

export function can(perms, bit) { return (perms & bit) === bit; }

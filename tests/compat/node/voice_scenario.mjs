// @discordjs/voice scenario against parleyd (issue 7 "real clients", voice.md, clients.md §7): a discord.js
// bot joins a voice channel over wss://, reaches VoiceConnectionStatus.Ready, plays a 2 s 440 Hz tone
// (raw PCM encoded by prism-media with opusscript) and records another user through
// connection.receiver.subscribe(), decoding with prism-media, and reports the dominant frequency.
//
// Driven by test_discord_js_voice.py over stdio. Environment:
//   PARLEY_URL (https://127.0.0.1:PORT), PARLEY_BOT_TOKEN, PARLEY_GUILD_ID, PARLEY_CHANNEL_ID,
//   NODE_EXTRA_CA_CERTS (the server's self-signed certificate: the voice URL is always wss://).
// Commands on stdin, one per line: `play`, `listen <user id>`, `leave`; a heartbeat check runs before `leave`.
// Output: `EVENT {json}` after each step, then `RESULT {json}`; exit status 0 only if every step worked.
// Library debug output goes to stderr (the test shows it on failure).
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AudioPlayerStatus, EndBehaviorType, StreamType, VoiceConnectionStatus, createAudioPlayer, createAudioResource,
  entersState, generateDependencyReport, joinVoiceChannel,
} from '@discordjs/voice';
import { Client, Events, GatewayIntentBits, version } from 'discord.js';
import prism from 'prism-media';

const env = process.env;
const RATE = 48000;
const result = { library: `discord.js ${version}`, ok: false, failures: [], states: [] };

function emit(kind, payload) {
  console.log(`${kind} ${JSON.stringify(payload)}`);
}
function done(code) {
  emit('RESULT', result);
  process.exit(code);
}
function debug(...args) {
  console.error(new Date().toISOString(), ...args);
}
setTimeout(() => { result.failures.push('timeout'); done(1); }, 80000).unref();

// Interleaved stereo s16le sine.
function sinePcm(frequency, seconds, amplitude = 0.3) {
  const n = Math.floor(seconds * RATE);
  const buf = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) {
    const v = Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / RATE));
    buf.writeInt16LE(v, i * 4);
    buf.writeInt16LE(v, i * 4 + 2);
  }
  return buf;
}

// The same analysis as tone.py: mono, 8 kHz, Goertzel coarse (0.1 s, 5 Hz steps) then fine (0.5 s, 0.25 Hz).
function analyse(pcm, startSeconds = 0.25, seconds = 0.5) {
  const frames = pcm.length >> 2;
  const begin = Math.floor(startSeconds * RATE), end = Math.min(frames, Math.floor((startSeconds + seconds) * RATE));
  if (end - begin < RATE * seconds * 0.9) return { frequency: 0, purity: 0, error: `only ${frames / RATE} s of audio` };
  const x = [];
  for (let i = begin; i + 6 <= end; i += 6) {
    let s = 0;
    for (let k = i; k < i + 6; k++) s += (pcm.readInt16LE(k * 4) + pcm.readInt16LE(k * 4 + 2)) / 2;
    x.push(s / 6);
  }
  const r = RATE / 6;
  const rms = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
  if (rms < 1) return { frequency: 0, purity: 0, error: 'silence' };
  const hann = n => Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
  const power = (xs, w, f) => {
    const c = 2 * Math.cos(2 * Math.PI * f / r);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < xs.length; i++) { const s = xs[i] * w[i] + c * s1 - s2; s2 = s1; s1 = s; }
    return s1 * s1 + s2 * s2 - c * s1 * s2;
  };
  const short = x.slice(0, Math.floor(r * 0.1)), shortWindow = hann(short.length);
  let coarse = 50, coarsePower = -1;
  for (let f = 50; f < 3500; f += 5) {
    const p = power(short, shortWindow, f);
    if (p > coarsePower) { coarse = f; coarsePower = p; }
  }
  const w = hann(x.length);
  let best = coarse, bestPower = -1;
  for (let k = -60; k <= 60; k++) {
    const p = power(x, w, coarse + k * 0.25);
    if (p > bestPower) { best = coarse + k * 0.25; bestPower = p; }
  }
  const amplitude = 2 * Math.sqrt(bestPower) / w.reduce((a, v) => a + v, 0);
  return { frequency: best, purity: amplitude / (rms * Math.SQRT2) };
}

const commands = (async function* () {
  for await (const line of createInterface({ input: process.stdin })) yield line.trim().split(/\s+/);
})();
async function command(name) {
  const { value, done: ended } = await commands.next();
  if (ended || value[0] !== name) throw new Error(`expected command ${name}, got ${ended ? 'EOF' : value.join(' ')}`);
  return value.slice(1);
}

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
  rest: { api: `${env.PARLEY_URL.replace(/\/+$/, '')}/api` },
});
let connection;

try {
  debug(generateDependencyReport());
  const ready = new Promise(resolve => client.once(Events.ClientReady, resolve));
  await client.login(env.PARLEY_BOT_TOKEN);
  await ready;
  const guild = client.guilds.cache.get(env.PARLEY_GUILD_ID) ?? await client.guilds.fetch(env.PARLEY_GUILD_ID);

  // Join: op 4 on the main gateway, then the voice gateway over wss:// and UDP.
  connection = joinVoiceChannel({
    channelId: env.PARLEY_CHANNEL_ID, guildId: guild.id, selfDeaf: false, selfMute: false,
    adapterCreator: guild.voiceAdapterCreator, debug: true,
  });
  connection.on('stateChange', (from, to) => result.states.push(`${from.status}->${to.status}`));
  connection.on('debug', m => debug('[voice]', m));
  connection.on('error', e => { debug('[voice error]', e); result.failures.push(`connection error: ${e.message}`); });
  await entersState(connection, VoiceConnectionStatus.Ready, 20000);
  const networking = connection.state.networking?.state;
  emit('EVENT', { step: 'ready', user_id: client.user.id, ssrc: networking?.connectionData?.ssrc,
                  mode: networking?.connectionData?.encryptionMode });

  // PLAY: 2 s of 440 Hz from raw PCM (StreamType.Raw: prism-media encodes to Opus with opusscript).
  await command('play');
  const player = createAudioPlayer();
  player.on('error', e => result.failures.push(`player error: ${e.message}`));
  connection.subscribe(player);
  const pcm = sinePcm(440, 2);
  player.play(createAudioResource(Readable.from([pcm], { objectMode: false }), { inputType: StreamType.Raw }));
  await entersState(player, AudioPlayerStatus.Playing, 5000);
  const started = Date.now();
  await entersState(player, AudioPlayerStatus.Idle, 15000);
  emit('EVENT', { step: 'played', ms: Date.now() - started,
                  packets: connection.state.networking?.state?.connectionData?.packetsPlayed });

  // RECEIVE: subscribe to the peer, decode with prism-media (opusscript), report the frequency.
  const [userId] = await command('listen');
  const stream = connection.receiver.subscribe(userId, { end: { behavior: EndBehaviorType.AfterSilence, duration: 800 } });
  const decoder = new prism.opus.Decoder({ rate: RATE, channels: 2, frameSize: 960 });
  let packets = 0;
  const chunks = [];
  stream.on('data', () => { packets++; });
  decoder.on('data', c => chunks.push(c));
  const ended = new Promise((resolve, reject) => {
    decoder.once('end', resolve);
    decoder.once('error', reject);
    stream.once('error', reject);
    setTimeout(() => reject(new Error(`receive stream did not end (${packets} packets so far)`)), 25000).unref();
  });
  stream.pipe(decoder);
  emit('EVENT', { step: 'listening', user_id: userId });
  await ended;
  const heard = Buffer.concat(chunks);
  emit('EVENT', { step: 'heard', packets, seconds: heard.length / 4 / RATE, ...analyse(heard) });

  // Heartbeats: 0.18 sends op 3 with a bare nonce (voice gateway v4) and closes after three missed op 6
  // ACKs; connection.ping.ws is set by the first ACK (the first heartbeat goes out one interval after Hello).
  const heartbeatDeadline = Date.now() + 30000;
  while (typeof connection.ping.ws !== 'number' && Date.now() < heartbeatDeadline) await sleep(250);
  emit('EVENT', { step: 'heartbeat', ws_ping: connection.ping.ws ?? null, status: connection.state.status });

  await command('leave');
  connection.destroy();
  result.ok = result.failures.length === 0;
} catch (e) {
  result.failures.push(`exception: ${e?.stack ?? e}`);
} finally {
  try { connection?.destroy(); } catch { /* already destroyed */ }
  await client.destroy();
}
done(result.ok ? 0 : 1);

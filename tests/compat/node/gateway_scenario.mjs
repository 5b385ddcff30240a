// discord.js 14 gateway scenario against parleyd: login and READY, heartbeats, then two forced
// reconnects (TCP drop through tcp_proxy.py, and a client-side close with resume recovery) that must be
// RESUMEs replaying every event produced during the gap exactly once, in order (gateway.md §3, clients.md §3.3).
//
// Environment (set by test_discord_js_gateway.py; the script also runs by hand):
//   PARLEY_URL            server base URL for REST, e.g. http://127.0.0.1:PORT (rest.api = PARLEY_URL + '/api')
//   PARLEY_BOT_TOKEN      bot token; PARLEY_BOT_ID the bot's user id (optional check)
//   PARLEY_PROXY_CONTROL  host:port of the proxy's control port (the gateway URL must lead through the proxy)
//   PARLEY_HEARTBEAT_MS   the server's heartbeat interval (default 2000)
//   PARLEY_GAP_EVENTS     events produced per gap (default 5)
//   PARLEY_PHASES         comma list, default heartbeats,live,tcp_drop,client_close
//   PARLEY_SCENARIO_TIMEOUT  seconds before giving up (default 150)
// Prints progress, then one line `RESULT {json}`; exit status 0 only if every check passed.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, WebSocketShardDestroyRecovery, version } from 'discord.js';

const env = process.env;
const baseUrl = required('PARLEY_URL').replace(/\/+$/, '');
const token = required('PARLEY_BOT_TOKEN');
const botId = env.PARLEY_BOT_ID ?? null;
const [controlHost, controlPort] = splitHostPort(required('PARLEY_PROXY_CONTROL'));
const heartbeatMs = Number(env.PARLEY_HEARTBEAT_MS ?? 2000);
const gapEvents = Number(env.PARLEY_GAP_EVENTS ?? 5);
const phases = (env.PARLEY_PHASES ?? 'heartbeats,live,tcp_drop,client_close').split(',').map(s => s.trim()).filter(Boolean);
const timeoutSeconds = Number(env.PARLEY_SCENARIO_TIMEOUT ?? 150);

const started = Date.now();
const result = {
  library: `discord.js ${version}`,
  ok: false,
  failures: [],
  steps_done: [],
  step: null,
  gateway_ready: 0, // READY dispatches (a second one = the library re-identified)
  client_ready: 0, // 'clientReady' events
  identify_sent: 0, // counted from @discordjs/ws debug output ("Identifying")
  resume_sent: 0, // "Resuming session"
  resumed_events: 0, // 'shardResume' events
  invalid_sessions: 0,
  reconnecting: 0, // 'shardReconnecting'
  heartbeat_acks: 0,
  shard_errors: [],
  sequences: [], // `s` of every dispatch, in arrival order
  user_updates: [], // {s, global_name} of every USER_UPDATE for the bot
  phases: {},
};

function required(name) {
  const v = env[name];
  if (!v) {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return v;
}
function splitHostPort(s) {
  const i = s.lastIndexOf(':');
  return [s.slice(0, i), Number(s.slice(i + 1))];
}
function log(msg) {
  console.log(`[djs ${((Date.now() - started) / 1000).toFixed(2)}s] ${msg}`);
}
function fail(msg) {
  result.failures.push(result.step ? `${result.step}: ${msg}` : msg);
  log(`FAIL ${msg}`);
}
function check(cond, msg) {
  if (!cond) fail(msg);
  return cond;
}
function finish(code) {
  result.ok = code === 0 && result.failures.length === 0;
  result.elapsed_seconds = (Date.now() - started) / 1000;
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(result.ok ? 0 : 1);
}

// Never hang: whatever is pending, report what was seen so far.
const watchdog = setTimeout(() => {
  fail(`scenario timed out after ${timeoutSeconds}s`);
  finish(1);
}, timeoutSeconds * 1000);

// --- proxy control (tcp_proxy.py line protocol) -----------------------------------------------------
function proxy(command, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(controlPort, controlHost);
    let buf = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`proxy ${command}: no answer`)); }, timeoutMs);
    sock.on('connect', () => sock.write(`${command}\n`));
    sock.on('data', chunk => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      sock.end();
      const line = buf.slice(0, nl);
      if (line.startsWith('OK')) resolve(line.length > 3 ? JSON.parse(line.slice(3)) : {});
      else reject(new Error(`proxy ${command}: ${line}`));
    });
    sock.on('error', e => { clearTimeout(timer); reject(e); });
  });
}

// --- REST done by the test itself (not by the library), straight to the server ----------------------
async function patchGlobalName(name) {
  const res = await fetch(`${baseUrl}/api/v10/users/@me`, {
    method: 'PATCH',
    headers: { Authorization: `Bot ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ global_name: name }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`PATCH /users/@me -> ${res.status} ${body}`);
}

// --- waiting ------------------------------------------------------------------------------------------
async function waitFor(what, pred, ms) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) {
      fail(`timed out after ${ms} ms waiting for ${what}`);
      return false;
    }
    await sleep(20);
  }
  return true;
}

// --- the client, configured exactly as clients.md §1 -----------------------------------------------------
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: `${baseUrl}/api` },
});

const resumedAtSeq = []; // s of each RESUMED dispatch
client.on(Events.Raw, packet => {
  if (packet.s != null) result.sequences.push(packet.s);
  if (packet.t === 'READY') {
    result.gateway_ready += 1;
    log(`READY s=${packet.s} session=${packet.d?.session_id} resume_gateway_url=${packet.d?.resume_gateway_url}`);
  } else if (packet.t === 'RESUMED') {
    log(`RESUMED s=${packet.s}`);
    resumedAtSeq.push(packet.s);
  } else if (packet.t === 'USER_UPDATE' && (!botId || packet.d?.id === botId)) {
    result.user_updates.push({ s: packet.s, global_name: packet.d?.global_name ?? null });
  }
});
client.on(Events.ClientReady, () => { result.client_ready += 1; });
client.on(Events.ShardResume, (id, replayed) => {
  result.resumed_events += 1;
  log(`shardResume (library counted ${replayed} replayed events)`);
});
client.on(Events.ShardReconnecting, () => { result.reconnecting += 1; });
client.on(Events.ShardError, error => { result.shard_errors.push(String(error)); log(`shardError ${error}`); });
client.on(Events.ShardDisconnect, ev => fail(`shardDisconnect (library gave up) code ${ev?.code}`));
client.on(Events.Error, error => fail(`client error ${error}`));
client.on(Events.Debug, message => {
  if (message.includes('Identifying')) result.identify_sent += 1;
  else if (message.includes('Resuming session')) result.resume_sent += 1;
  else if (message.includes('Heartbeat acknowledged')) result.heartbeat_acks += 1;
  else if (message.includes('Invalid session')) result.invalid_sessions += 1;
  if (env.PARLEY_DEBUG) log(`debug: ${message.replace(/\n\t/g, ' | ')}`);
  else if (/Connecting to|Destroying shard|Invalid session|closed with|Resumed and replayed|Identifying/.test(message)) {
    log(`debug: ${message.split('\n')[0]}`);
  }
});

function lastSeq() {
  return result.sequences.length ? Math.max(...result.sequences) : null;
}

// One forced reconnect. `disconnect` makes the library lose its connection; meanwhile the proxy holds
// its new connection so that the events are certainly produced while it is cut off. With inFlight > 0,
// that many events are produced first while the proxy swallows what the server sends: the server wrote
// them to the old connection, the library never saw them, and only a replay can deliver them.
async function gapPhase(name, prefix, disconnect, heldTimeoutS, inFlight = 0) {
  const phase = { expected: [], received: [], seq_before: lastSeq() };
  result.phases[name] = phase;
  const resumedBefore = result.resumed_events;
  const readyBefore = result.gateway_ready;
  const identifyBefore = result.identify_sent;
  const resumeSentBefore = result.resume_sent;
  const t0 = Date.now();

  await proxy('HOLD');
  const produce = async i => {
    const value = `${prefix}-${i}`;
    await patchGlobalName(value);
    phase.expected.push(value);
  };
  if (inFlight > 0) {
    await proxy('BLACKHOLE');
    for (let i = 1; i <= inFlight; i += 1) await produce(i);
    await sleep(300); // let the server write them out
    phase.in_flight = inFlight;
  }
  await disconnect();
  const held = await proxy(`WAIT_HELD 1 ${heldTimeoutS}`).catch(e => { fail(`library did not reconnect: ${e.message}`); return null; });
  if (!held) {
    await proxy('RELEASE').catch(() => {}); // let later phases run
    return;
  }
  phase.reconnect_seconds = (Date.now() - t0) / 1000;
  log(`${name}: library reconnected after ${phase.reconnect_seconds}s and is held; producing ${gapEvents - inFlight} more events`);
  for (let i = inFlight + 1; i <= gapEvents; i += 1) await produce(i);
  await proxy('RELEASE');
  log(`${name}: released`);

  // A new READY means the session was not resumed: stop waiting early, the checks below report it.
  await waitFor('shardResume', () => result.resumed_events > resumedBefore || result.gateway_ready > readyBefore, 30_000);
  const mine = () => result.user_updates.filter(u => u.global_name?.startsWith(`${prefix}-`));
  await waitFor(`${gapEvents} USER_UPDATE events of the gap`, () => mine().length >= gapEvents, 10_000);
  await sleep(Math.max(1000, heartbeatMs)); // late duplicates would show up here
  phase.resume_seconds = (Date.now() - t0) / 1000;
  phase.received = mine().map(u => u.global_name);
  phase.received_seqs = mine().map(u => u.s);
  const resumedSeq = resumedAtSeq[resumedAtSeq.length - 1];
  phase.replayed_before_resumed = mine().filter(u => resumedSeq != null && u.s < resumedSeq).length;

  check(result.gateway_ready === readyBefore, `a second READY arrived: the library re-identified instead of resuming`);
  check(result.identify_sent === identifyBefore, `the library sent IDENTIFY again`);
  check(result.resume_sent === resumeSentBefore + 1, `expected exactly one RESUME, saw ${result.resume_sent - resumeSentBefore}`);
  check(result.resumed_events === resumedBefore + 1, `expected exactly one shardResume, saw ${result.resumed_events - resumedBefore}`);
  check(JSON.stringify(phase.received) === JSON.stringify(phase.expected),
    `gap events: expected ${JSON.stringify(phase.expected)} exactly once in order, received ${JSON.stringify(phase.received)}`);
  check(client.user.globalName === phase.expected[phase.expected.length - 1],
    `library cache: globalName is ${client.user.globalName}, expected ${phase.expected[phase.expected.length - 1]}`);
}

async function main() {
  result.step = 'login';
  log(`discord.js ${version}, REST ${baseUrl}/api, proxy control ${controlHost}:${controlPort}`);
  await client.login(token);
  await waitFor('clientReady', () => result.client_ready === 1, 30_000);
  check(result.gateway_ready === 1, `expected one READY, saw ${result.gateway_ready}`);
  check(result.identify_sent === 1, `expected one IDENTIFY, saw ${result.identify_sent}`);
  check(!botId || client.user.id === botId, `logged in as ${client.user.id}, expected ${botId}`);
  check(result.sequences[0] === 1, `READY must be s=1, got ${result.sequences[0]}`);
  log(`logged in as ${client.user.tag} (${client.user.id})`);
  result.steps_done.push('login');

  if (phases.includes('heartbeats')) {
    result.step = 'heartbeats';
    // The first beat is jittered within one interval, then one per interval: 3 ACKs within ~4 intervals.
    const acks0 = result.heartbeat_acks;
    await waitFor('3 heartbeat ACKs', () => result.heartbeat_acks >= acks0 + 3, heartbeatMs * 5 + 5000);
    check(result.reconnecting === 0 && result.resume_sent === 0 && result.gateway_ready === 1,
      `the connection was not stable while heartbeating (reconnects ${result.reconnecting}, resumes ${result.resume_sent})`);
    check(client.ws.ping >= 0, `no heartbeat latency measured (ws.ping ${client.ws.ping})`);
    log(`${result.heartbeat_acks - acks0} heartbeat ACKs, ping ${client.ws.ping} ms`);
    result.steps_done.push('heartbeats');
  }

  if (phases.includes('live')) {
    result.step = 'live';
    await patchGlobalName('live-1');
    await waitFor('the live USER_UPDATE', () => result.user_updates.some(u => u.global_name === 'live-1'), 10_000);
    check(client.user.globalName === 'live-1', `library cache: globalName is ${client.user.globalName}`);
    result.steps_done.push('live');
  }

  if (phases.includes('tcp_drop')) {
    result.step = 'tcp_drop';
    await gapPhase('tcp_drop', 'drop', async () => {
      const { cut } = await proxy('CUT fin');
      log(`tcp_drop: proxy cut ${cut} connection(s)`);
      check(cut === 1, `expected to cut exactly the gateway connection, cut ${cut}`);
    }, 20, Math.min(2, gapEvents));
    result.steps_done.push('tcp_drop');
  }

  if (phases.includes('client_close')) {
    result.step = 'client_close';
    await gapPhase('client_close', 'close', async () => {
      const shard = client.ws._ws?.strategy?.shards?.get(0);
      if (!check(shard, 'cannot reach the @discordjs/ws shard (discord.js internals changed?)')) return;
      // Resolves only when the library reconnected, so do not await: the proxy holds that reconnect.
      // Code 4200 is what discord.js itself uses when it intends to resume (clients.md §3.3).
      shard.destroy({ reason: 'compat test: client-side close', recover: WebSocketShardDestroyRecovery.Resume })
        .catch(e => fail(`shard.destroy: ${e}`));
    }, 45);
    result.steps_done.push('client_close');
  }

  result.step = 'sequences';
  const seqs = result.sequences;
  const dupes = seqs.filter((s, i) => seqs.indexOf(s) !== i);
  check(dupes.length === 0, `sequence numbers received twice: ${JSON.stringify(dupes)}`);
  const sorted = [...seqs].sort((a, b) => a - b);
  check(JSON.stringify(sorted) === JSON.stringify(seqs), `sequence numbers out of order: ${JSON.stringify(seqs)}`);
  const holes = [];
  for (let s = 1; s <= (sorted[sorted.length - 1] ?? 0); s += 1) if (!seqs.includes(s)) holes.push(s);
  check(holes.length === 0, `dispatches never received (holes in s): ${JSON.stringify(holes)}`);
  check(result.invalid_sessions === 0, `received ${result.invalid_sessions} INVALID_SESSION`);
  result.steps_done.push('sequences');
  result.step = null;

  result.proxy = await proxy('STATS').catch(() => null);
  await client.destroy();
}

main().then(() => { clearTimeout(watchdog); finish(0); }, e => {
  fail(`exception: ${e?.stack ?? e}`);
  clearTimeout(watchdog);
  finish(1);
});

// Issue 6: decodes the recordings of parley-sdk-decode-gen (server WebSocket bytes after the 101:
// HELLO, READY, N MESSAGE_CREATE) the way discord.js 14 (@discordjs/ws 1.2.3) decodes gateway
// messages at runtime, and reports dispatch events per CPU second (process.cpuUsage, user+system,
// all threads), median of the runs. Frames are cut from the file by a minimal RFC 6455 §5.2 parser
// (server frames are unmasked); ws's own receiver is not in the measurement, so the discord.js
// figures are an upper bound of what a shard reaches.
//
// usage: node discordjs_decode.mjs <streams dir> [count=100000] [runs=5]
// NODE_PATH must reach discord.js's node_modules; zlib-sync / erlpack are used when resolvable.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import zlib from 'node:zlib';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'noop.js'));
const optional = (name) => { try { return require(name); } catch { return null; } };

const [dir, countArg = '100000', runsArg = '5'] = process.argv.slice(2);
if (!dir) { console.error('usage: node discordjs_decode.mjs <streams dir> [count] [runs]'); process.exit(2); }
const expected = Number(countArg);
const runs = Number(runsArg);

// [{ binary, start, end }] for every complete message (continuations are joined).
function frames(file) {
  const out = [];
  let off = 0, parts = null, binary = false;
  while (off + 2 <= file.length) {
    const b0 = file[off], b1 = file[off + 1];
    let len = b1 & 0x7f, at = off + 2;
    if (b1 & 0x80) throw new Error('masked server frame');
    if (len === 126) { len = file.readUInt16BE(at); at += 2; }
    else if (len === 127) { len = Number(file.readBigUInt64BE(at)); at += 8; }
    if (at + len > file.length) throw new Error('truncated frame at ' + off);
    const opcode = b0 & 0x0f, fin = (b0 & 0x80) !== 0;
    if (opcode === 1 || opcode === 2) { binary = opcode === 2; parts = [[at, at + len]]; }
    else if (opcode === 0 && parts) parts.push([at, at + len]);
    if ((opcode <= 2) && fin && parts) {
      if (parts.length !== 1) throw new Error('fragmented messages are not expected in the recording');
      out.push({ binary, start: parts[0][0], end: parts[0][1] });
      parts = null;
    }
    off = at + len;
  }
  return out;
}

// ws with binaryType "arraybuffer" hands discord.js an ArrayBuffer copy of a binary message and a
// string for a text message (after its UTF-8 check).
const arrayBufferOf = (file, f) => file.buffer.slice(file.byteOffset + f.start, file.byteOffset + f.end);
const textOf = (file, f) => {
  const bytes = file.subarray(f.start, f.end);
  if (!isUtf8(bytes)) throw new Error('invalid UTF-8');
  return bytes.toString('utf8');
};

function count(payload, state) {
  if (payload && payload.op === 0 && payload.t === 'MESSAGE_CREATE') state.n++;
}

const decoders = {
  // @discordjs/ws 1.2.3 unpackMessage, text frame: JSON.parse(data).
  async json(file, list) {
    const state = { n: 0 };
    for (const f of list) count(JSON.parse(textOf(file, f)), state);
    return state.n;
  },
  // @discordjs/ws 1.2.3 with zlib-sync: Inflate({chunkSize: 65535, to: "string"}), push with
  // Z_SYNC_FLUSH when the message ends in 00 00 ff ff, then JSON.parse(result).
  async 'zlib-sync'(file, list, ZlibSync) {
    const inflate = new ZlibSync.Inflate({ chunkSize: 65535, to: 'string' });
    const state = { n: 0 };
    const textDecoder = new TextDecoder();
    for (const f of list) {
      const d = new Uint8Array(arrayBufferOf(file, f));
      const l = d.length;
      const flush = l >= 4 && d[l - 4] === 0 && d[l - 3] === 0 && d[l - 2] === 255 && d[l - 1] === 255;
      inflate.push(Buffer.from(d), flush ? ZlibSync.Z_SYNC_FLUSH : ZlibSync.Z_NO_FLUSH);
      if (inflate.err) throw new Error('inflate ' + inflate.err);
      if (!flush) continue;
      const { result } = inflate;
      count(JSON.parse(typeof result === 'string' ? result : textDecoder.decode(result)), state);
    }
    return state.n;
  },
  // No zlib-sync: one node:zlib Inflate stream, each message written and its sync-flushed output
  // awaited, then TextDecoder + JSON.parse (the node:zlib pattern of later @discordjs/ws; the
  // installed 1.2.3 instead drops zlib-stream and asks for identify compression).
  async 'node-zlib'(file, list) {
    const inflate = zlib.createInflate({ chunkSize: 65535, flush: zlib.constants.Z_SYNC_FLUSH });
    let chunks = [];
    inflate.on('data', (c) => chunks.push(c));
    const state = { n: 0 };
    const textDecoder = new TextDecoder();
    for (const f of list) {
      const d = new Uint8Array(arrayBufferOf(file, f));
      await new Promise((resolve, reject) => inflate.write(d, (err) => (err ? reject(err) : resolve())));
      const out = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      chunks = [];
      count(JSON.parse(textDecoder.decode(out)), state);
    }
    inflate.close();
    return state.n;
  },
  // erlpack.unpack on each binary message (discord.js 13's ETF path; @discordjs/ws 1.2.3, i.e.
  // discord.js 14, only offers encoding=json).
  async erlpack(file, list, Erlpack) {
    const state = { n: 0 };
    for (const f of list) count(Erlpack.unpack(Buffer.from(new Uint8Array(arrayBufferOf(file, f)))), state);
    return state.n;
  },
};

async function bench(label, fileName, decoder, lib) {
  const file = readFileSync(path.join(dir, fileName));
  const list = frames(file);
  const times = [];
  for (let r = 0; r < runs; r++) {
    const before = process.cpuUsage();
    const n = await decoders[decoder](file, list, lib);
    const used = process.cpuUsage(before);
    if (n !== expected) throw new Error(`${label}: decoded ${n} MESSAGE_CREATE, expected ${expected}`);
    times.push((used.user + used.system) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`discord.js\t${label}\t${Math.round(expected / median)} events/cpu-s\t(${median.toFixed(3)} s, ${file.length} bytes)`);
}

const ZlibSync = optional('zlib-sync');
const Erlpack = optional('erlpack');
console.log(`# discord.js 14 decode path (@discordjs/ws 1.2.3), node ${process.version}, ${expected} MESSAGE_CREATE, median of ${runs} runs`);
await bench('json', 'json.ws', 'json');
if (Erlpack) await bench('etf (erlpack.unpack)', 'etf.ws', 'erlpack', Erlpack);
else console.log('discord.js\tetf\tnot supported by discord.js without the native erlpack module');
if (ZlibSync) await bench('zlib-stream (zlib-sync)', 'zlib.ws', 'zlib-sync', ZlibSync);
else console.log('discord.js\tzlib-stream (zlib-sync)\tzlib-sync not installed');
await bench('zlib-stream (node:zlib stream)', 'zlib.ws', 'node-zlib');

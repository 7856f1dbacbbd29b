'use strict';
// What each money movement costs Redis on a big account against a fresh one. Started by run.sh, which provides a
// running gateway (PORT, KEY) and its own redis-server (REDIS_URL, REDIS_PID).
// Usage: node scale.js <rounds> <calls per step>
//
// The accounts, built through the public API except where noted:
//   fresh: one universal lot, one allocated list (with an allocation and a monthly limit), so that every movement
//          takes the same path as on the big account;
//   big:   1,000 allocated lists like that one; 500 lots: 245 package lots used up by reservations and commits,
//          10 universal lots that pay for the benchmark, 245 promotional lots that expire unused; one message per
//          list this month; and 24 past months of spend per list, written straight into the account hash
//          (`spend:<list>:<yyyy-MM>`, micro-credits, the field reserve and meter leave; the API cannot write the
//          past). When the ledger's layout changes, writeSpendHistory is the one place to follow it.
// A step runs one movement CALLS times, CONCURRENCY requests in flight: POST /v1/reservations (an SMS on a random
// list of the account), POST /v1/reservations/{id}/commit and /release (of the holds just made), POST /v1/usage
// (an inbound SMS on a random list). Env: CONCURRENCY (8), MESSAGES (reserve + commit pairs of the memory step,
// 5 x CALLS).
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const ROUNDS = Number(process.argv[2] || 3);
const CALLS = Number(process.argv[3] || 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY || 8);
const MESSAGES = Number(process.env.MESSAGES || 5 * CALLS);
const { PORT, KEY, REDIS_URL, REDIS_PID } = process.env;
const LISTS = 1000, USED_UP = 245, EXPIRED = 245, LIVE = 10, HISTORY_MONTHS = 24;
const RUN = Date.now().toString(36);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const headers = { Authorization: `Bearer ${KEY}` };
    if (data) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) });
    const req = http.request({ host: '127.0.0.1', port: PORT, method, path, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

// Any answer but 2xx stops the run: a benchmark of refusals would measure the wrong path.
async function api(method, path, body) {
  const { status, text } = await call(method, path, body);
  if (status < 200 || status > 299) throw new Error(`${method} ${path} answered ${status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

// fn(0) ... fn(count - 1), CONCURRENCY at a time; their results in order.
async function each(count, fn) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return results;
}

function redis(...args) {
  return execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim();
}

function info(section, field) {
  const line = redis('INFO', section).split('\r\n').find((l) => l.startsWith(field + ':'));
  return line ? line.slice(field.length + 1) : '';
}

// redis-server's CPU time so far, all threads, in microseconds (the scheduler's nanosecond count).
function redisCpuMicros() {
  const tasks = `/proc/${REDIS_PID}/task`;
  return fs.readdirSync(tasks).reduce((sum, t) => sum +
    Number(fs.readFileSync(`${tasks}/${t}/schedstat`, 'utf8').split(' ')[0]), 0) / 1000;
}

function month(offset) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - offset, 1)).toISOString().slice(0, 7);
}

const listId = (i) => `list-${String(i + 1).padStart(4, '0')}`;
const RATES = { rates: [
  { service: 'SMS', direction: 'outbound', country: '*', rate: '0.01' },
  { service: 'SMS', direction: 'inbound', country: '*', rate: '0.005' }] };

async function grant(account, kind, amount, extra = {}) {
  return api('POST', `/v1/accounts/${account}/grants`,
    { idempotencyKey: `g-${RUN}-${kind}-${Math.random().toString(36).slice(2)}`, kind, amount, ...extra });
}

async function createAccount(account, lists) {
  await api('POST', '/v1/accounts', { id: account, name: account, ledger: { holdTimeoutSeconds: 3600 } });
  await api('PUT', `/v1/accounts/${account}/rates`, RATES);
  await each(lists, async (i) => {
    await api('POST', `/v1/accounts/${account}/sub-accounts`,
      { id: listId(i), name: `List ${i + 1}`, kind: 'list', mode: 'allocated', monthlyLimit: '100000' });
  });
}

async function allocate(account, lists, amount) {
  await each(lists, (i) => api('POST', `/v1/accounts/${account}/allocations`,
    { idempotencyKey: `a-${RUN}-${i}`, subAccount: listId(i), amount }));
}

function accountKey(account) {
  const key = redis('--scan', '--pattern', `{p*}:acct:${account}`).split('\n')[0];
  if (!key) throw new Error(`no Redis hash for account ${account}`);
  return key;
}

// The past months' spend as reserve and meter leave it: one hash field per list and month, micro-credits.
function writeSpendHistory(key) {
  const commands = [];
  for (let i = 0; i < LISTS; i++) {
    const fields = [];
    for (let m = 1; m <= HISTORY_MONTHS; m++) {
      fields.push(`spend:${listId(i)}:${month(m)}`, String(1_000_000 * (1 + Math.floor(Math.random() * 500))));
    }
    commands.push(`HSET ${key} ${fields.join(' ')}`);
  }
  execFileSync('redis-cli', ['-u', REDIS_URL], { input: commands.join('\n') + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
}

async function buildFresh() {
  await createAccount('fresh', 1);
  await grant('fresh', 'universal', '900000000');
  await allocate('fresh', 1, '1000000');
  return accountKey('fresh');
}

async function buildBig() {
  await createAccount('big', LISTS);
  // Package lots burn before universal ones (plan-first order): each reservation of 5,000 units at 0.01 takes
  // exactly one 50-credit package lot, and its commit leaves it used up.
  await each(USED_UP, () => grant('big', 'package', '50'));
  await each(LIVE, () => grant('big', 'universal', '1000000'));
  const holds = await each(USED_UP, (i) => api('POST', '/v1/reservations', { idempotencyKey: `u-${RUN}-${i}`,
    account: 'big', service: 'sms', to: '+393471234567', units: 5000 }));
  await each(USED_UP, (i) => api('POST', `/v1/reservations/${holds[i].reservationId}/commit`));
  await allocate('big', LISTS, '1000');
  // This month's spend on every list, as its traffic leaves it (and a warm-up of the gateway).
  await each(LISTS, async (i) => {
    const hold = await api('POST', '/v1/reservations', { idempotencyKey: `m-${RUN}-${i}`, account: 'big',
      subAccount: listId(i), service: 'sms', to: '+393471234567', text: 'Your code is 1234.' });
    await api('POST', `/v1/reservations/${hold.reservationId}/commit`);
  });
  const key = accountKey('big');
  writeSpendHistory(key);
  // Promotional lots that expire unused: granted last, expiring 20 s later.
  const expiry = Date.now() + 20_000;
  await each(EXPIRED, () => grant('big', 'promotional', '20', { expiresAt: new Date(expiry).toISOString() }));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiry - Date.now() + 1000)));
  return key;
}

function describe(account, key) {
  const flat = redis('HGETALL', key).split('\n');
  const h = new Map();
  for (let i = 0; i + 1 < flat.length; i += 2) h.set(flat[i], flat[i + 1]);
  const now = Date.now();
  let lots = 0, usedUp = 0, expired = 0, lists = 0, spend = 0;
  for (const [field, value] of h) {
    if (field.startsWith('alloc:')) lists++;
    if (field.startsWith('spend:')) spend++;
    if (!field.startsWith('lot:')) continue;
    lots++;
    const expires = h.get('meta:' + field.slice(4)).split('|')[4];
    if (value === '0') usedUp++;
    else if (expires !== '' && Number(expires) <= now) expired++;
  }
  return `${account}: ${h.size} hash fields; ${lots} lots (${usedUp} used up, ${expired} expired, ` +
    `${lots - usedUp - expired} usable); ${lists} allocated lists; ${spend} month-spend fields`;
}

// One measured step: what the EVALSHA calls cost inside Redis (commandstats) and redis-server's CPU per call.
async function measure(calls, work) {
  redis('CONFIG', 'RESETSTAT');
  const cpu = redisCpuMicros();
  const result = await each(calls, work);
  const cpuPerCall = (redisCpuMicros() - cpu) / calls;
  const stat = info('commandstats', 'cmdstat_evalsha');
  const scriptCalls = Number(/calls=(\d+)/.exec(stat)[1]);
  const usec = Number(/usec=(\d+)/.exec(stat)[1]);
  if (scriptCalls !== calls) throw new Error(`expected ${calls} EVALSHA calls, Redis counted ${scriptCalls}`);
  return { result, script: usec / scriptCalls, cpu: cpuPerCall };
}

const MOVEMENTS = ['reserve', 'commit', 'release', 'meter'];

async function round(number, accounts, figures, memory) {
  let seq = 0;
  const key = () => `b-${RUN}-${number}-${seq++}`;
  const list = (account) => listId(account === 'big' ? Math.floor(Math.random() * LISTS) : 0);
  const reserve = (account) => () => api('POST', '/v1/reservations', { idempotencyKey: key(), account,
    subAccount: list(account), service: 'sms', to: '+393471234567', text: `Your code is ${seq}. It expires in 10 minutes.` })
    .then((answer) => answer.reservationId);
  const settle = (action, ids) => (i) => api('POST', `/v1/reservations/${ids[i]}/${action}`);
  const meter = (account) => () => api('POST', '/v1/usage', { idempotencyKey: key(), account,
    subAccount: list(account), service: 'sms', direction: 'inbound', from: '+393471234567', text: 'STOP' });
  const record = (movement, account, m) => {
    figures[movement][account].push(m);
    console.log(`round ${number} ${movement.padEnd(7)} ${account.padEnd(5)}: script ${m.script.toFixed(1)} µs/call` +
      ` (EVALSHA usec_per_call), redis-server CPU ${m.cpu.toFixed(1)} µs/call`);
  };
  const held = {};
  for (const { name } of accounts) {
    const m = await measure(CALLS, reserve(name));
    held[name] = m.result;
    record('reserve', name, m);
  }
  for (const { name } of accounts) record('commit', name, await measure(CALLS, settle('commit', held[name])));
  for (const { name } of accounts) {
    const m = await measure(CALLS, reserve(name));
    held[name] = m.result;
    record('reserve', name, m);
  }
  for (const { name } of accounts) record('release', name, await measure(CALLS, settle('release', held[name])));
  for (const { name } of accounts) record('meter', name, await measure(CALLS, meter(name)));
  // Redis memory kept per settled message, as load-tests/reservations/run.sh measures it: used_memory across the
  // reserve and commit of MESSAGES messages on the fresh account, less what its event stream grew by (the usage
  // writer trims the stream; here it is off). What stays is the idempotency record and the settled hold, for the
  // idempotency TTL. A step of its own, away from the big account's scripts, whose large replies leave client
  // buffers that Redis shrinks later and that would blur the figure.
  const fresh = accounts.find((a) => a.name === 'fresh');
  const stream = fresh.key.split(':')[0] + ':events';
  const streamBytes = () => Number(redis('MEMORY', 'USAGE', stream, 'SAMPLES', '0'));
  const used0 = Number(info('memory', 'used_memory')), stream0 = streamBytes();
  await each(MESSAGES, async () => {
    const id = await reserve('fresh')();
    await api('POST', `/v1/reservations/${id}/commit`);
  });
  const kept = (Number(info('memory', 'used_memory')) - used0 - (streamBytes() - stream0)) / MESSAGES;
  memory.push(kept);
  console.log(`round ${number} memory kept per settled message: ${kept.toFixed(0)} B (${MESSAGES} messages)`);
}

const range = (values, digits = 0) => {
  const lo = Math.min(...values), hi = Math.max(...values);
  const f = (v) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return lo.toFixed(digits) === hi.toFixed(digits) ? f(lo) : `${f(lo)} to ${f(hi)}`;
};

function table(title, figures, pick) {
  console.log(`\n${title}\nmovement | fresh µs/call | big µs/call | big / fresh`);
  for (const movement of MOVEMENTS) {
    const fresh = figures[movement].fresh.map(pick), big = figures[movement].big.map(pick);
    const ratios = fresh.map((f, i) => big[i] / f);
    console.log(`${movement} | ${range(fresh, 1)} | ${range(big, 1)} | ${range(ratios, 2)}x`);
  }
}

async function main() {
  console.log(`== building the accounts (run ${RUN})`);
  const fresh = { name: 'fresh', key: await buildFresh() };
  const big = { name: 'big', key: await buildBig() };
  console.log(describe('fresh', fresh.key));
  console.log(describe('big', big.key));
  const figures = Object.fromEntries(MOVEMENTS.map((m) => [m, { fresh: [], big: [] }]));
  const memory = [];
  for (let r = 1; r <= ROUNDS; r++) {
    console.log(`== round ${r} of ${ROUNDS}, ${CALLS} calls per step`);
    await round(r, r % 2 ? [fresh, big] : [big, fresh], figures, memory);
  }
  console.log(`\n${ROUNDS} rounds of ${CALLS} calls per step (reserve: two steps per round); ranges over the steps`);
  table('redis-server CPU per call (/proc: the whole call, on CPU only)', figures, (m) => m.cpu);
  table('Script time in Redis (INFO commandstats, EVALSHA usec_per_call: wall clock, so it includes the time ' +
    'redis-server waits for a core on a busy machine)', figures, (m) => m.script);
  console.log(`\nRedis memory kept per settled message (reserve + commit on the fresh account, streams excluded): ` +
    `${range(memory)} B`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});

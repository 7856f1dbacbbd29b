// Reservations, carriers' inbound messages and delivery receipts over HTTP, driven by the same generator (autocannon)
// in one run, so that their rates compare: each at saturation (closed loop), then each at half the reservations'
// saturation rate (open model: a fixed overall rate, latencies corrected for coordinated omission).
// Inbound and receipts are a generic carrier's webhooks, each signed the Standard Webhooks way (HMAC-SHA256) here.
// A receipt names its reservation in the status URL (?reservation=), one reservation made in the saturation phase
// each, and reports it delivered: the gateway maps the message, records the receipt and commits the hold.
// At half load each step runs twice: autocannon (-R: each connection sends its share of a second back to back from
// the top of the second), then load-tests/lib/open-rate.js at the same rate and connections (evenly spaced arrivals,
// each timed from its scheduled instant; lines "<step> (open-rate): …"; `npm ci` in load-tests/lib).
// Usage: node carriers.js URL SECONDS CONNECTIONS
// Env: TALLY_KEY, TALLY_ACCOUNT, CARRIER_SECRET (whsec_…), INBOUND_PATH, STATUS_PATH, NUMBER (the To of inbound);
// GATEWAY_PID and REDIS_PID (processes on this machine): each saturation step also prints the CPU per request of the
// gateway, of redis-server and of this generator (user + system time over the step), so that the three compare by what
// they cost as well as by a rate that shares the cores with the generator (which signs inbound and receipts, and so
// costs more for them than for reservations).
const fs = require('fs');
const autocannon = require('autocannon');
const crypto = require('crypto');
const openRate = require('../lib/open-rate');

const [url, seconds, connections] = process.argv.slice(2);
const key = process.env.TALLY_KEY;
const account = process.env.TALLY_ACCOUNT;
const secret = Buffer.from(process.env.CARRIER_SECRET.replace(/^whsec_/, ''), 'base64');
const prefix = `c${process.pid}-${Date.now()}-`;
let counter = 0;
const reservations = [];
const settled = [];
let duplicates = 0;
// The closed-loop receipt step stops when the reservations run out (a duplicate receipt is cheaper, so counting them
// would overstate the rate); its rate is then over the time it ran.
let current = null;
let stopWhenOut = false;

function signed(path, id, body) {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = crypto.createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    method: 'POST', path, body,
    headers: {
      'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
  };
}

const targets = {
  reserve: () => {
    counter++;
    return {
      method: 'POST', path: '/v1/reservations',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: `{"idempotencyKey":"${prefix}${counter}","account":"${account}","service":"sms",`
        + `"to":"+393471234567","text":"Your code is ${counter}. It expires in 10 minutes."}`,
    };
  },
  inbound: () => {
    counter++;
    const id = `${prefix}in${counter}`;
    return signed(process.env.INBOUND_PATH, id, `{"messageId":"${id}","from":"+393471234567",`
      + `"to":"${process.env.NUMBER}","text":"Reply ${counter}: yes, see you at 10"}`);
  },
  receipt: () => {
    let reservation = reservations.pop();
    if (!reservation) { // ran out: a duplicate receipt for a settled message, counted and reported
      duplicates++;
      if (stopWhenOut && current) {
        current.stop();
        current = null;
      }
      reservation = settled[Math.floor(Math.random() * settled.length)];
    } else {
      settled.push(reservation);
    }
    counter++;
    const id = `${prefix}dlr${counter}`;
    return signed(`${process.env.STATUS_PATH}?reservation=${reservation}`, id,
      `{"messageId":"${id}","status":"delivered"}`);
  },
};

function run(target, rate) {
  return new Promise((resolve, reject) => {
    const options = {
      url,
      connections: Number(connections),
      duration: Number(seconds),
      requests: [{
        setupRequest: (request) => Object.assign(request, targets[target]()),
        onResponse: (status, body) => {
          if (target === 'reserve' && status === 201) {
            reservations.push(JSON.parse(body).reservationId);
          }
        },
      }],
    };
    if (rate > 0) {
      options.overallRate = rate;
    }
    stopWhenOut = target === 'receipt' && !(rate > 0);
    current = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

// CPU time of a process so far, in µs (user + system, /proc/<pid>/stat, 100 ticks a second).
function cpuMicros(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10000;
}

function cpuSnapshot() {
  const own = process.cpuUsage();
  return {
    gateway: process.env.GATEWAY_PID ? cpuMicros(process.env.GATEWAY_PID) : NaN,
    redis: process.env.REDIS_PID ? cpuMicros(process.env.REDIS_PID) : NaN,
    generator: own.user + own.system,
  };
}

// CPU per request over a step, by process, in µs.
function cpuPerRequest(before, requests) {
  const after = cpuSnapshot();
  const per = {};
  for (const name of Object.keys(after)) per[name] = (after[name] - before[name]) / requests;
  return per;
}

function line(name, result, rate) {
  const l = result.latency;
  const repeated = name === 'receipt' && duplicates > 0 ? `, ${duplicates} duplicate receipts (reservations ran out)` : '';
  duplicates = 0;
  const ran = Math.min(Number(seconds), result.duration);
  const answered = result.requests.total / ran;
  const cut = ran < Number(seconds) - 0.5 ? ` over ${ran} s (stopped: reservations ran out)` : '';
  console.log(`${name}: ${answered.toFixed(0)}/s${rate ? ` (asked ${rate}/s)` : ''}${cut}: p50 ${l.p50} ms, `
    + `p99 ${l.p99} ms, p99.9 ${l.p99_9} ms, max ${l.max} ms; ${result.non2xx} non-2xx, ${result.errors} errors, `
    + `${result.timeouts} timeouts${repeated}`);
  return answered;
}

// The same step at a constant rate (open-rate.js): one line of figures and one of the generator's self-check.
async function openRateStep(target, rate) {
  stopWhenOut = false;
  const result = await openRate.run({
    url, rate, seconds: Number(seconds), connections: Number(connections),
    leadInSeconds: Number(process.env.LEAD_IN || 5),
    kinds: [{
      name: target,
      request: () => targets[target](),
      onResponse: target !== 'reserve' ? undefined : (status, body) => {
        if (status === 201) reservations.push(JSON.parse(body).reservationId);
      },
    }],
  });
  const repeated = target === 'receipt' && duplicates > 0
    ? `, ${duplicates} duplicate receipts (reservations ran out)` : '';
  duplicates = 0;
  console.log(`${target} (open-rate): ${openRate.format(result)}${repeated}`);
  console.log(`${target} (open-rate) ${openRate.formatGenerator(result)}`);
}

// CPU per request of inbound and receipts as ratios to a reservation's, by process and for the two servers together.
function printCpuRatios(cpu) {
  const ratio = (target, name) => (cpu[target][name] / cpu.reserve[name]).toFixed(2);
  const both = (target) => ((cpu[target].gateway + cpu[target].redis) / (cpu.reserve.gateway + cpu.reserve.redis))
    .toFixed(2);
  console.log(`CPU per request as ratios to a reservation's: gateway inbound ${ratio('inbound', 'gateway')}, `
    + `receipts ${ratio('receipt', 'gateway')}; redis-server inbound ${ratio('inbound', 'redis')}, receipts `
    + `${ratio('receipt', 'redis')}; the two together inbound ${both('inbound')}, receipts ${both('receipt')}; `
    + `this generator inbound ${ratio('inbound', 'generator')}, receipts ${ratio('receipt', 'generator')}`);
}

(async () => {
  const full = {};
  const cpu = {};
  console.log(`== saturation, closed loop, ${connections} connections, ${seconds} s each`);
  for (const target of ['reserve', 'inbound', 'receipt']) {
    const before = cpuSnapshot();
    const result = await run(target, 0);
    full[target] = line(target, result);
    cpu[target] = cpuPerRequest(before, result.requests.total);
    if (process.env.GATEWAY_PID) {
      const c = cpu[target];
      console.log(`${target} CPU per request: gateway ${c.gateway.toFixed(0)} µs, redis-server `
        + `${c.redis.toFixed(0)} µs, this generator ${c.generator.toFixed(0)} µs`);
    }
  }
  console.log(`ratios to reservations: inbound ${(full.inbound / full.reserve).toFixed(2)}, `
    + `receipts ${(full.receipt / full.reserve).toFixed(2)}`);
  if (process.env.GATEWAY_PID) printCpuRatios(cpu);
  const half = Math.floor(full.reserve / 2);
  console.log(`== half the reservations' saturation rate, ${half}/s, open model`);
  for (const target of ['reserve', 'inbound', 'receipt']) {
    line(target, await run(target, half), half);
    await openRateStep(target, half);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

// Closed-loop reservations against one account for a number of seconds (autocannon), printing the requests answered
// 201. Usage: node reserve.js URL ACCOUNT SECONDS CONNECTIONS   Env: TALLY_KEY
const autocannon = require('autocannon');

const [url, account, seconds, connections] = process.argv.slice(2);
const prefix = `rc${process.pid}-${Date.now()}-`;
let counter = 0;
let created = 0;
autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{
    method: 'POST',
    path: '/v1/reservations',
    headers: { authorization: `Bearer ${process.env.TALLY_KEY}`, 'content-type': 'application/json' },
    setupRequest: (request) => {
      counter++;
      request.body = `{"idempotencyKey":"${prefix}${counter}","account":"${account}","service":"sms",`
        + `"to":"+393471234567","text":"Your code is ${counter}. It expires in 10 minutes."}`;
      return request;
    },
    onResponse: (status) => {
      if (status === 201) {
        created++;
      }
    },
  }],
}, (error) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(created);
});

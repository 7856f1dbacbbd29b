// Segments every message of messages.json with the npm sms-segments-calculator, repeatedly,
// and prints messages per second. Usage: node bench.js [seconds per round] [rounds]
const fs = require('fs');
const path = require('path');
const { SegmentedMessage } = require('sms-segments-calculator');

const messages = JSON.parse(fs.readFileSync(path.join(__dirname, 'messages.json'), 'utf8'))
  .messages.map((m) => m.text);
const seconds = Number(process.argv[2] || 10);
const rounds = Number(process.argv[3] || 3);

function round(limitMs) {
  let segmented = 0;
  let segments = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(limitMs) * 1000000n;
  while (process.hrtime.bigint() < deadline) {
    for (const text of messages) {
      segments += new SegmentedMessage(text).segmentsCount;
      segmented++;
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: segmented / elapsed, segments };
}

round(3000); // warm-up
for (let i = 1; i <= rounds; i++) {
  const { perSecond } = round(seconds * 1000);
  console.log(`round ${i}: ${perSecond.toFixed(0)} messages/s`);
}
console.log(`node ${process.version}, sms-segments-calculator ${require('sms-segments-calculator/package.json').version}, ${messages.length} messages in the mix`);

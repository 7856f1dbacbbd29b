// Writes what the npm sms-segments-calculator says about boundary texts and the benchmark mix to
// src/test/resources/io/tally/segmentation/npm-calculator-results.json; NpmCalculatorCrossCheckTest
// compares our grapheme-safe mode with it. Usage: npm ci && node crosscheck.js
const fs = require('fs');
const path = require('path');
const { SegmentedMessage } = require('sms-segments-calculator');

const r = (s, n) => s.repeat(n);
const boundaryTexts = [
  r('a', 160), r('a', 161), r('a', 306), r('a', 307), r('a', 459), r('a', 460),
  r('€', 80), r('€', 81), r('€', 152), r('€', 153),
  r('a', 152) + '€' + r('a', 10), r('a', 152) + '€' + r('a', 152), r('a', 151) + '€' + r('a', 153),
  r('ж', 70), r('ж', 71), r('ж', 134), r('ж', 135), r('ж', 201), r('ж', 202),
  r('😀', 35), r('😀', 36), r('😀', 66), r('😀', 67),
  r('é', 65) + '😀' + r('é', 10), r('é', 66) + '😀' + r('é', 66),
  r('ж', 65) + '👍🏽' + r('ж', 10), r('ж', 64) + '🇫🇷' + r('ж', 10),
  r('👨‍👩‍👧', 9), r('👨‍👩‍👧', 33) + 'x', r('👍🏽', 33),
  'Hello world', '{json} [1|2] ~^\\', r('Ünïcödé? ', 20),
];
const mix = JSON.parse(fs.readFileSync(path.join(__dirname, 'messages.json'), 'utf8')).messages.map((m) => m.text);

const results = [...boundaryTexts, ...mix].map((text) => {
  const message = new SegmentedMessage(text);
  return {
    text,
    encoding: message.encodingName,
    segments: message.segmentsCount,
    // septets for GSM-7; for UCS-2 the calculator counts graphemes, not units
    characters: message.numberOfCharacters,
  };
});
const out = path.join(__dirname, '../../src/test/resources/io/tally/segmentation/npm-calculator-results.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({
  generator: `load-tests/segmentation/crosscheck.js with sms-segments-calculator ${require('sms-segments-calculator/package.json').version}`,
  results,
}, null, 1) + '\n');
console.log(`${results.length} results written to ${path.relative(process.cwd(), out)}`);

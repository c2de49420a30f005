import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { criticalFacts, type GuardReason, nearMissReason } from '../../src/cache/semantic/guard.js';

const blocked: Array<[GuardReason, string, string]> = [
  [
    'number',
    'What is the capital gains tax on 50000 dollars?',
    'What is the capital gains tax on 60000 dollars?',
  ],
  ['number', 'Give me the top five movies of the year', 'Give me the top ten movies of the year'],
  ['negation', 'Why do cats like water?', "Why don't cats like water?"],
  ['negation', 'How can I live with diabetes?', 'How can I live without diabetes?'],
  [
    'negation',
    'Is it safe to drink coffee when pregnant?',
    'Is it never safe to drink coffee when pregnant?',
  ],
  ['symbol', 'How do I learn C++ quickly?', 'How do I learn C quickly?'],
  ['entity', 'What is the best hotel in Paris?', 'What is the best hotel in London?'],
  ['entity', 'Should I buy an iPhone or a Samsung?', 'Should I buy an iPhone or a Pixel?'],
  ['identifier', 'What does useEffect do in React?', 'What does useMemo do in React?'],
  ['identifier', 'Why does my_func return None?', 'Why does my_other_func return None?'],
  ['quoted', 'Translate "good morning" to French', 'Translate "good night" to French'],
  ['unit', 'Convert 5 kg to pounds', 'Convert 5 lb to pounds'],
  ['date', 'What happened on Monday in the markets?', 'What happened on Friday in the markets?'],
  ['symbol', 'What does ~ mean in bash?', 'What does ^ mean in bash?'],
  ['entity', 'Is Django better than Flask for beginners?', 'Is Django better than Rails for beginners?'],
  ['order', 'Why do Poles dislike Russians?', 'Why do Russians dislike Poles?'],
  ['question', 'Why is marriage important in life?', 'Is marriage important in life?'],
  ['question', 'How was the bridge built?', 'Why was the bridge built?'],
  ['question', 'Where and how can I find a good hotel?', 'Where can I find a good hotel?'],
  ['modal', 'What can I do to get closer to my crush?', 'What should I do to get closer to my crush?'],
  ['person', 'What is the meaning of my name?', 'What is the meaning of your name?'],
  ['deixis', 'What is the solution of this math problem?', 'What is the solution of a math problem?'],
  ['preposition', 'What is money for?', 'What is money?'],
  ['preposition', 'Is Earth a black hole?', 'Is Earth in a black hole?'],
  ['qualifier', 'What are the best books on history?', 'What are the best books on art history?'],
];

const allowed: Array<[string, string]> = [
  ['How do I learn java?', 'How do I learn Java?'],
  ['What is the best way to lose weight?', 'What is the best way to lose weight ?'],
  ['Why does the sky look blue?', 'why does the sky look blue'],
  ["What's the meaning of life?", 'What is the meaning of life?'],
  ['How do I learn Python fast?', 'how do i learn python fast'],
  // Object.prototype names are words, not number words or persons.
  ['What does constructor mean in Java?', 'what does constructor mean in Java'],
];

describe('near-miss guard', () => {
  for (const [reason, a, b] of blocked) {
    it(`blocks a different ${reason}: "${a}" vs "${b}"`, () => {
      assert.equal(nearMissReason(criticalFacts(a), criticalFacts(b)), reason);
      assert.equal(nearMissReason(criticalFacts(b), criticalFacts(a)), reason);
    });
  }
  for (const [a, b] of allowed) {
    it(`lets through "${a}" vs "${b}"`, () => {
      assert.equal(nearMissReason(criticalFacts(a), criticalFacts(b)), undefined);
    });
  }
});

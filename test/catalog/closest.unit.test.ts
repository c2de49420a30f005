// "Did you mean" suggestions: near misses and family names, never a wild guess.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatches } from '../../src/catalog/closest.js';

const regions = ['no', 'us', 'in', 'us-virginia', 'us-ohio', 'eu-west-1', 'eu-west-2', 'germany', 'world'];
const models = ['gpt-4o', 'gpt-4o-mini', 'llama-3.1-8b', 'llama-3.1-70b', 'claude-sonnet-4-5'];

describe('closestMatches', () => {
  it('suggests near misses and family names', () => {
    assert.deepEqual(closestMatches('us-virgina', regions), ['us-virginia']);
    assert.deepEqual(closestMatches('gpt4o', models).slice(0, 1), ['gpt-4o']);
    assert.deepEqual(closestMatches('llama', models), ['llama-3.1-8b', 'llama-3.1-70b']);
    assert.deepEqual(closestMatches('sonnet', models), ['claude-sonnet-4-5']);
    assert.deepEqual(closestMatches('eu-west', regions), ['eu-west-1', 'eu-west-2']);
  });

  it('suggests nothing for a query far from every candidate', () => {
    assert.deepEqual(closestMatches('nowhere', regions), []);
    assert.deepEqual(closestMatches('xyzzy', models), []);
    assert.deepEqual(closestMatches('gpt', regions), []);
  });
});

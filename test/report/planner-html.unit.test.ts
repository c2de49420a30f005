// The planner's HTML report as text: readable option names with the full id in tooltips, a sensitivity
// table with $ and %, infeasible options folded into a list of reasons, the hour axis from 0, and a flat
// workload's cost chart not titled "as usage grows".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/index.js';
import { labelWidth } from '../../src/report/svg-text.js';
import { captureIO, repoRoot } from '../planner/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-plan-html-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function html(workload: string): Promise<string> {
  const io = captureIO();
  const code = await main(['plan', workload, '--format', 'html'], io);
  assert.equal(code, 0, io.err);
  return io.out;
}

const section = (page: string, title: RegExp) => {
  const parts = page.split('<h2');
  return parts.find((p) => title.test(p.slice(0, p.indexOf('</h2>')))) ?? '';
};

describe('planner HTML report', () => {
  it('names options readably, ids in tooltips; sensitivity with $ and %; infeasible as a list', async () => {
    const page = await html(join(repoRoot(), 'examples', 'chat-assistant.yaml'));
    assert.doesNotMatch(page, /…/, 'nothing cut short');
    const bars = section(page, /Cost per 1M tokens/);
    assert.match(
      bars,
      /<text [^>]*><title>qwen3-32b@h100-sxmx1:fp8:vllm:onprem:us-virginia<\/title>qwen3-32b on 1× h100-sxm fp8, onprem<\/text>/,
    );
    const cost = section(page, /Monthly cost/);
    assert.match(cost, /as usage grows/, 'the chat assistant ramps up');
    assert.match(cost, /class="legend"[^>]*><title>api:[^<]+<\/title>\d+\. [\w.-]+ \(\w+ API\)/);
    const sens = page.split('<h3>Sensitivity</h3>')[1]?.split('</table>')[0] ?? '';
    assert.match(sens, /<td>10%<\/td>/);
    assert.match(sens, /price ×0\.9/);
    assert.match(sens, /<td>\$[\d,]+<\/td>/);
    assert.match(sens, /<td>\d+(\.\d)?%<\/td><\/tr>/);
    const infeasible = section(page, /Infeasible \(\d+\)/);
    assert.match(
      infeasible,
      /<li><span title="llama-3\.1-70b@h100-sxmx1:bf16[^"]*">llama-3\.1-70b on h100-sxm×1 bf16<\/span> <span class="tiers">\(marketplace, onprem\)<\/span>: needs \d+ GB/,
    );
    const ranked = page.split('<h2>Ranked options</h2>')[1]?.split('</table>')[0] ?? '';
    assert.doesNotMatch(ranked, /needs \d+ GB|<td>false<\/td>/, 'no infeasible rows in the table');
    assert.match(ranked, /<th>margin<\/th>/);
    assert.match(ranked, /<td>9\d\.\d%<\/td>/);
    const day = section(page, /Utilisation over the busiest day/);
    assert.match(day, /<text class="x-tick"[^>]*>0<\/text>/);
    assert.match(day, /<text class="x-tick"[^>]*>23<\/text>/);
    assert.doesNotMatch(day, /<text class="x-tick"[^>]*>24<\/text>/);
  });

  it('a flat workload: the cost chart is not about growth', async () => {
    const w = join(dir, 'flat.yaml');
    writeFileSync(
      w,
      'name: flat\ntraffic: { requestsPerDay: 5000 }\ntokens: { input: 800, output: 200 }\ncandidates: { api: [gpt-4o-mini, gpt-4o] }\n',
    );
    const page = await html(w);
    assert.doesNotMatch(page, /as usage grows/);
    assert.match(page, /<h2>Monthly cost<\/h2><p>[^<]*usage is flat/);
  });

  it('label widths are generous: a longer label never gets less room', () => {
    assert.ok(
      labelWidth('qwen3-32b on 1× h100-sxm fp8, marketplace') > labelWidth('qwen3-32b on 1× h100-sxm fp8'),
    );
    assert.ok(labelWidth('MMMM') > labelWidth('iiii'));
  });
});

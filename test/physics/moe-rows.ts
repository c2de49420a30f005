// The committed TensorRT-LLM mixture-of-experts measurement rows (scripts/calibration/trtllm-moe.csv, from
// NVIDIA's perf-overview), planned against the shipped catalog: the MoE and fit tests read the same rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/index.js';
import { planRow, type RowPlan, readMeasurements } from '../../src/physics/measurements.js';
import { repoRoot } from '../catalog/repo-root.js';

export function trtllmMoeRows(): RowPlan[] {
  const catalog = loadCatalog();
  return readMeasurements(readFileSync(join(repoRoot(), 'scripts/calibration/trtllm-moe.csv'), 'utf8'))
    .map((r) => planRow(r, catalog))
    .filter((p): p is RowPlan => !('skip' in p));
}

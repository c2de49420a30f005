export {
  type AdviseOptions,
  advise,
  adviseInput,
  checkDays,
  DEFAULT_SAMPLE_LIMIT,
  LEVERS,
  rank,
} from './advise.js';
export { ADVISE_TTL_MS, adviseCached } from './cache.js';
export { adviseHtml, adviseTable, explainText, findAction } from './render.js';
export type { AdviseAction, AdviseInput, AdviseReport, Confidence, Finding, Lever } from './types.js';

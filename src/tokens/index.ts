export {
  countModelTokens,
  countTextTokens,
  ESTIMATE_RATIOS,
  familyForModel,
  type TokenCount,
  type TokenizerFamily,
} from './count.js';

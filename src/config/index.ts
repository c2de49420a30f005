// Gateway configuration: schema, file loading, and the zero-config sources (--upstream, provider keys in env).
export { autoConfigFromEnv, upstreamConfig } from './auto.js';
export { fieldPath, loadConfigFile, parseConfig } from './load.js';
export * from './schema.js';

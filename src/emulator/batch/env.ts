// What the emulated batch APIs share with the rest of the emulator: options, the endpoints' context (model
// names, prompt cache, recorded answers), the engine timer and the id prefix of this emulator.
import type { EndpointContext } from '../endpoints.js';
import type { ResolvedOptions } from '../options.js';
import type { Timer } from '../server.js';

export interface BatchEnv {
  o: ResolvedOptions;
  ctx: EndpointContext;
  timer: Timer;
  prefix: string;
}

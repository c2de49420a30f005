// Bench child: an emulator (fast mode unless told otherwise) that prints {"url"} and stops on SIGTERM.
import { type EmulatorOptions, startEmulator } from '../emulator/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
const emu = await startEmulator({ port: 0, host: '127.0.0.1', ...options });
process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
const stop = () => void emu.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

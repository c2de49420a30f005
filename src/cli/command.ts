// The shape every CLI command file exports. Commands are thin: parse args, call modules, print.

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Command {
  name: string;
  /** One line for `margin --help`. */
  summary: string;
  /** Full text for `margin <name> --help`. */
  help: string;
  /** Returns the process exit code. Throw MarginError for bad input (one-line message, exit 1). */
  run: (argv: string[], io: CommandIO) => Promise<number>;
}

/** What every bench section gets: where the project and the scratch space are, and how many runs to take. */
export interface BenchContext {
  /** The project root (dist/cli.js lives under it). */
  root: string;
  /** Scratch directory for bundles, marks files and plan files. */
  outdir: string;
  /** Runs per figure for the quick measurements (first frame, plan, keystrokes). */
  runs: number;
  /** Progress on stderr; the table goes to stdout. */
  log(message: string): void;
}

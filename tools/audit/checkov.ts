import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What every scan passes: the CDKTF JSON runner, our policies, and no calls to Prisma Cloud. */
export function commonArgs(policiesDir: string): string[] {
  return [
    '--framework',
    'terraform_json',
    '--external-checks-dir',
    policiesDir,
    // Without it checkov asks api0.prismacloud.io for guideline links on every run.
    '--skip-download',
    '--compact',
  ];
}

/** One checkov invocation: its arguments and the folder its report files go to. */
export interface Scan {
  readonly label: string;
  readonly args: readonly string[];
  readonly outputDir: string;
  /** `-o` formats; checkov writes `results_<format>.<ext>` into outputDir for each. */
  readonly formats: readonly ('cli' | 'json' | 'sarif' | 'junitxml')[];
}

export interface ScanResult {
  readonly scan: Scan;
  /** checkov's exit status: 0 nothing failed, 1 a check failed, anything else a crash. */
  readonly status: number;
  readonly stderr: string;
  readonly seconds: number;
  /** The parsed `results_json.json`, when `json` was among the formats and checkov wrote it. */
  readonly json?: unknown;
}

/** Runs one scan; never rejects (a crash is a status other than 0 and 1). */
export function runScan(checkov: string, scan: Scan, cwd = process.cwd()): Promise<ScanResult> {
  mkdirSync(scan.outputDir, { recursive: true });
  const args = [
    ...scan.args,
    ...scan.formats.flatMap((format) => ['-o', format]),
    '--output-file-path',
    scan.outputDir,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    // checkov also prints every report to stdout; the files are what we read.
    const child = spawn(checkov, args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'WARNING', PYTHONWARNINGS: 'ignore' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    const finish = (status: number, extra = '') => {
      let json: unknown;
      if (scan.formats.includes('json')) {
        try {
          json = JSON.parse(
            readFileSync(path.join(scan.outputDir, 'results_json.json'), 'utf8'),
          ) as unknown;
        } catch {
          json = undefined;
        }
      }
      resolve({
        scan,
        status,
        stderr: stderr + extra,
        seconds: (Date.now() - started) / 1000,
        json,
      });
    };
    child.on('error', (error) => finish(127, `${checkov}: ${error.message}`));
    child.on('close', (code) => finish(code ?? 2));
  });
}

/** Runs tasks with at most `width` at a time, keeping their order in the results. */
export async function inPool<T>(tasks: readonly (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, tasks.length)) }, worker));
  return results;
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

/**
 * Synthesizes the app as the committed documents and pictures describe it (every environment,
 * the committed state settings, whatever the caller's SKYPORT_* variables say) into a new
 * temporary folder, and returns that folder. Throws with synth's output when it fails.
 */
export function synthDefault(prefix: string): string {
  const outdir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  for (const name of ['SKYPORT_ENV', 'SKYPORT_STATE_BUCKET', 'SKYPORT_STATE_REGION'])
    delete env[name];
  const synth = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['stacks/main.ts'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stdout}${synth.stderr}`);
  return outdir;
}

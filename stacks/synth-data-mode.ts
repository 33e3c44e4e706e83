/**
 * `tsx stacks/synth-data-mode.ts <outdir> <env> <managed|embedded>`: synthesizes one environment
 * with its profile's data mode replaced, into a folder of its own. The committed profiles stay as
 * they are; the cost document (tools/cost, `make docs`) uses this to price dev in both modes.
 * Embedded mode runs the worker and the three data services inside the API task, so the API task
 * is raised to the smallest size validateProfile accepts for it (1024 CPU, 2048 MiB), as a user
 * switching the mode would have to. Managed mode puts a profile's API task that was sized for
 * embedded data (dev's, decision 0025) back to the smallest Fargate size, 256 CPU / 512 MiB.
 */
import { buildApp } from './app';
import { ENVIRONMENTS } from './config/environments';
import { DATA_MODES, type DataMode } from './config/profile';

const [outdir, name = '', mode = ''] = process.argv.slice(2);
const profile = ENVIRONMENTS[name];
if (!outdir || !profile || !(DATA_MODES as readonly string[]).includes(mode)) {
  console.error(
    `synth-data-mode: usage: tsx stacks/synth-data-mode.ts <outdir> <${Object.keys(ENVIRONMENTS).join('|')}> <${DATA_MODES.join('|')}>`,
  );
  process.exit(2);
}
try {
  const embedded = mode === 'embedded';
  const api = embedded
    ? {
        ...profile.app.api,
        cpu: Math.max(profile.app.api.cpu, 1024),
        memoryMiB: Math.max(profile.app.api.memoryMiB, 2048),
      }
    : profile.data.mode === 'embedded'
      ? { ...profile.app.api, cpu: 256, memoryMiB: 512 }
      : profile.app.api;
  const variant = {
    ...profile,
    data: { ...profile.data, mode: mode as DataMode },
    app: { ...profile.app, api },
  };
  buildApp({ outdir, environments: name, env: {}, profiles: { [name]: variant } }).synth();
} catch (error) {
  console.error(`synth-data-mode: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

import path from 'node:path';
import { buildApp, synthWarnings } from './app';

// `cdktf synth` passes its output folder in CDKTF_OUTDIR; `make synth` runs this file directly
// from stacks/, so default to the repository's cdktf.out either way.
const outdir = process.env.CDKTF_OUTDIR ?? path.resolve(__dirname, '..', 'cdktf.out');

try {
  const app = buildApp({ outdir, environments: process.env.SKYPORT_ENV, env: process.env });
  app.synth();
  for (const warning of synthWarnings(app)) console.warn(`synth: warning: ${warning}`);
} catch (error) {
  console.error(`synth: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

import { ConfigError } from './config/config';

/**
 * Runs a process entry point (API, worker, migration task). A configuration error prints only its
 * message, which already names the variable; anything else prints with its stack. Both exit 1.
 */
export function runEntryPoint(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}

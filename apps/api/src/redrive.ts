import { Logger } from '@nestjs/common';
import { loadConfig } from './config/config';
import { createLogger, logDestination, PinoNestLogger } from './logging/logger';
import { RedriveError, redriveSummary, runRedrive } from './messaging/redrive';
import {
  parseRedriveArguments,
  REDRIVE_USAGE,
  type RedriveOptions,
  UsageError,
} from './messaging/redrive-arguments';
import { runEntryPoint } from './run-entry-point';

// `node dist/redrive.js [--limit N] [--dry-run]`: moves contact messages from the dead-letter
// queue back to the work queue, as a one-off task with the worker's variables (docs/runbook.md).
// Exit codes: 0 done, 1 stopped (configuration, broker, an unconfirmed copy), 2 bad arguments.
runEntryPoint(async () => {
  let options: RedriveOptions;
  try {
    options = parseRedriveArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`redrive: ${error.message}\n${REDRIVE_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  // stdout carries the report (one JSON line per message, then the summary); logs go to stderr.
  Logger.overrideLogger(
    new PinoNestLogger(
      createLogger(config.logLevel, 'skyport-redrive', logDestination(config.logFormat, 2)),
    ),
  );
  try {
    const result = await runRedrive(config, options, (line) => {
      console.log(JSON.stringify(line));
    });
    console.log(redriveSummary(result));
  } catch (error) {
    if (!(error instanceof RedriveError)) throw error;
    console.error(`redrive: moved ${error.moved}, then stopped: ${error.message}`);
    process.exitCode = 1;
  }
});

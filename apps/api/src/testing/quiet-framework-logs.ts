import { Logger } from '@nestjs/common';

// Nest's static logger writes coloured multi-line dumps from code that runs outside an app in the
// test process (broker connections, task protection warnings the tests provoke on purpose).
// `LOG_LEVEL=info make test` keeps them; an app created in a test sets its own logger anyway.
if (!process.env.LOG_LEVEL) Logger.overrideLogger(false);

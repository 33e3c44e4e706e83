import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createApp } from './create-app';
import { runEntryPoint } from './run-entry-point';

runEntryPoint(async () => {
  const config = loadConfig();
  const app = await createApp(config);
  // 0.0.0.0 by default: in a container the ALB reaches the task on its ENI address.
  await app.listen(config.port, config.host);
});

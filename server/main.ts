import { buildApp } from './app.js';
import { configFromEnv } from './config.js';

const { port, host, app: options } = configFromEnv();
const app = await buildApp(options);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ port, host });

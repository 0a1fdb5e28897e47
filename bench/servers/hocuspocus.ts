// Hocuspocus with its SQLite extension (default debounce) on PORT, storing in DATABASE_PATH. Like Amendo, only
// the writer may change documents: a connection authenticating with any other token is read-only.
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: process.env.DATABASE_PATH ?? 'hocuspocus.sqlite' })],
  async onAuthenticate({ token, connectionConfig }) {
    if (token !== 'writer') connectionConfig.readOnly = true;
  },
});
await server.listen();

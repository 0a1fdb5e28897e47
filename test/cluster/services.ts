// The PostgreSQL and Redis servers the cluster tests run against, started by scripts/test-services.sh.
import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** The environment variable naming a service, or an error saying how to start the services (never a silent skip). */
export function serviceUrl(name: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL'): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: start the test services first with  eval "$(scripts/test-services.sh start)"  (and scripts/test-services.sh stop after)`);
  return url;
}

/** A new, empty database on the test server; `drop()` removes it (closing any connection left to it). */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = serviceUrl('TEST_DATABASE_URL');
  const name = `amendo_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database ${name} with (force)`) };
}

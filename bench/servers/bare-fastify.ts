// The yardsticks of the read benchmark, on PORT: a bare Fastify route answering a ready-made 2 KB JSON text, and one
// answering N ready-made bytes as a PDF (`/bytes/N`), to compare a large body with the same large body.
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';

const items = Array.from({ length: 64 }, (_, i) => ({ id: `article-${String(i).padStart(3, '0')}`, n: i }));
const payload = JSON.stringify({ items }).padEnd(2048, ' ');
const app = Fastify({ logger: false });
app.get('/', (_request, reply) => {
  reply.type('application/json').send(payload);
});
const bodies = new Map<number, Buffer>();
app.get<{ Params: { n: string } }>('/bytes/:n', (request, reply) => {
  const n = Math.min(Number(request.params.n) || 0, 16 * 1024 * 1024);
  let body = bodies.get(n);
  // Random bytes, like a PDF's compressed streams: the load generator decodes binary slower than text.
  if (!body) bodies.set(n, (body = randomBytes(n)));
  reply.type('application/pdf').send(body);
});
await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });

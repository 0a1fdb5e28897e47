// The yardstick of the read benchmark: a bare Fastify route answering a ready-made 2 KB JSON text, on PORT.
import Fastify from 'fastify';

const items = Array.from({ length: 64 }, (_, i) => ({ id: `article-${String(i).padStart(3, '0')}`, n: i }));
const payload = JSON.stringify({ items }).padEnd(2048, ' ');
const app = Fastify({ logger: false });
app.get('/', (_request, reply) => {
  reply.type('application/json').send(payload);
});
await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });

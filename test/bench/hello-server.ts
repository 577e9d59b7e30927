import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The smallest Hono app on @hono/node-server: the HTTP ceiling the registration benchmark
 * compares against. PORT from the environment; stops on SIGTERM/SIGINT.
 */
const app = new Hono();
app.get('/', (c) => c.text('ok'));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3001), hostname: '127.0.0.1' });
const stop = () => {
  server.close(() => process.exit(0));
  // Keep-alive sockets of the load generator would otherwise hold the close open.
  if ('closeAllConnections' in server) server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

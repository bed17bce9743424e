import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

/**
 * Serves the built web app: hashed assets cached forever, index.html for every other page
 * path (client-side routes such as /m), JSON errors for unknown /api paths.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const hasWebApp = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const api = url === '/api' || url.startsWith('/api/');
    if (request.method !== 'GET' || api || url === '/ws' || path.extname(url) !== '') {
      throw new AppError('NOT_FOUND', `No route for ${request.method} ${url}.`);
    }
    if (!hasWebApp) {
      return reply
        .type('text/plain; charset=utf-8')
        .send('The Liao web app is not built. Run `npm start`, which builds it first.');
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

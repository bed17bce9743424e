import net from 'node:net';

/**
 * A TCP relay on a loopback port in front of a real service (PostgreSQL, Redis), which a test
 * can cut — every open connection reset, new ones refused, as when the service goes down —
 * and restore on the same port.
 */
export interface TcpProxy {
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server = makeServer();
  let port = 0;

  function makeServer(): net.Server {
    return net.createServer((client) => {
      const upstream = net.connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  function listen(onPort: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        port = typeof address === 'object' && address ? address.port : onPort;
        resolve();
      });
    });
  }

  function stop(): Promise<void> {
    for (const s of sockets) s.resetAndDestroy();
    sockets.clear();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  await listen(0);
  return {
    get port() {
      return port;
    },
    cut: stop,
    async restore() {
      server = makeServer();
      await listen(port);
    },
    close: stop,
  };
}

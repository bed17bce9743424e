import type { FastifyPluginAsync } from 'fastify';
import type { Gateway } from '../sockets/gateway';
import type { OpHandlers } from '../sockets/ops';
import type { SocketEndpoint, Sockets } from '../sockets/socketServer';

/** What a domain module gets once the node's socket server exists. */
export interface RunningNode {
  gateway: Gateway;
}

/**
 * One domain, as app.ts mounts it: its routes, its socket ops, its own socket endpoints, and
 * what it runs and stops. A domain's index makes it (with the services of the domains below
 * that it needs), so that a new feature is a new folder and one line in app.ts's list.
 */
export interface DomainModule {
  /** For logs: the domain's folder, "chat/messages". */
  name: string;
  /** HTTP routes, mounted under /api. */
  routes?: FastifyPluginAsync;
  /** The requests over /ws that this domain answers (each op is answered by one domain). */
  ops?: Partial<OpHandlers>;
  /**
   * Socket endpoints of its own beside /ws (the QR sign-in's /ws/qr), made with the socket
   * server's sending and closing.
   */
  // biome-ignore lint/suspicious/noExplicitAny: endpoints of any frame and link type are served alike
  endpoints?(sockets: Sockets): SocketEndpoint<any, any>[];
  /** Runs once the socket server exists, before the node listens: workers, listeners of connections. */
  start?(node: RunningNode): void | Promise<void>;
  /**
   * Shutdown begins: stop taking work of its own (background jobs, sweepers, its own sockets).
   * Called in the order of the list, before the socket server drains.
   */
  drain?(): void | Promise<void>;
  /**
   * The node stopped serving: release what the module holds. Called in the reverse order of
   * the list, before the backplane and the store close.
   */
  close?(): void | Promise<void>;
}

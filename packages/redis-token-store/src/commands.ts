// The few Redis commands the store sends, through whichever client the application already has:
// node-redis (`sendCommand([...])`) or ioredis (`call(command, ...args)`). Raw commands keep the
// store independent of either library's option objects, which change between major versions.

/** A node-redis client (v4, v5 or later): `createClient()` from `redis` or `@redis/client`. */
export type NodeRedisLike = {
  /** Sends one command as its words, e.g. `['GET', 'key']`. */
  sendCommand(args: string[]): Promise<unknown>;
};

/** An ioredis client: `new Redis()` from `ioredis`. */
export type IoRedisLike = {
  /** Sends one command by name with its arguments, e.g. `call('GET', 'key')`. */
  call(command: string, ...args: string[]): Promise<unknown>;
};

/**
 * The Redis client the store talks through: a connected node-redis or ioredis client (a single
 * server or a proxy in front of one; not a cluster client). The application owns it: it
 * connects it, listens to its `error` events and closes it.
 */
export type RedisClientLike = NodeRedisLike | IoRedisLike;

/** Sends a command through `client`, whichever library it comes from. */
export type Send = (...args: string[]) => Promise<unknown>;

/** How to send commands through `client`: ioredis's `call`, or node-redis's `sendCommand`. */
export function sender(client: RedisClientLike): Send {
  // ioredis also has a `sendCommand`, which takes a Command object: `call` is tried first.
  if (typeof (client as IoRedisLike).call === 'function') {
    const io = client as IoRedisLike;
    return (command, ...args) => io.call(command as string, ...args);
  }
  if (typeof (client as NodeRedisLike).sendCommand === 'function') {
    const node = client as NodeRedisLike;
    return (...args) => node.sendCommand(args);
  }
  throw new TypeError('createRedisTokenStore needs a node-redis or ioredis client');
}

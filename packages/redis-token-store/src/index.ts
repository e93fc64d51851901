// A Redis token store for the @authspec clients.
export type { IoRedisLike, NodeRedisLike, RedisClientLike } from './commands';
export { createRedisTokenStore, type RedisTokenStoreOptions } from './store';

/**
 * @bankkit/redis: `RedisTokenStore`, bankkit token sets shared by many workers on many hosts, with
 * a renewal lease whose writes are fenced.
 *
 * @packageDocumentation
 */
export {
  type RedisCommandClient,
  RedisTokenStore,
  type RedisTokenStoreOptions,
} from './store/redis-token-store.js';

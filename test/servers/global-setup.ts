import type { TestProject } from 'vitest/node';
import { missingBinary } from './find-binary.ts';
import { postgresBinDir, startPostgres, type TestPostgres } from './postgres-server.ts';
import { redisServerBinary, startRedis, type TestRedis } from './redis-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the redis-server the setup started; undefined when redis-server is not installed. */
    redisUrl: string | undefined;
    /** URL of the PostgreSQL cluster the setup started; undefined when PostgreSQL is not installed. */
    postgresUrl: string | undefined;
  }
}

/**
 * Starts the real servers a test project needs (named by `BANKKIT_TEST_SERVERS` in the project's
 * env: `redis`, `postgres` or both), on free loopback ports with throw-away folders, and stops
 * them after. A missing binary skips (fails under CI) with one line naming the package.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wanted = String(project.config.env?.BANKKIT_TEST_SERVERS ?? 'redis,postgres').split(',');
  let redis: TestRedis | undefined;
  let postgres: TestPostgres | undefined;
  if (wanted.includes('redis')) {
    const binary = redisServerBinary();
    if (binary === undefined) missingBinary('redis-server', 'redis-server');
    else redis = await startRedis(binary);
  }
  if (wanted.includes('postgres')) {
    const binDir = postgresBinDir();
    if (binDir === undefined) missingBinary('initdb/postgres', 'postgresql');
    else postgres = await startPostgres(binDir);
  }
  project.provide('redisUrl', redis?.url);
  project.provide('postgresUrl', postgres?.url);
  return async () => {
    await Promise.all([redis?.dispose(), postgres?.dispose()]);
  };
}

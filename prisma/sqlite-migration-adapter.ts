// Prisma's WebAssembly schema engine sends a whole multi-statement migration through executeRaw, which
// better-sqlite3 refuses ("more than one statement"). This wrapper sends such scripts to executeScript instead.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

function looksLikeScript(sql: string): boolean {
  const statements = sql.split(";").filter((part) => part.trim().length > 0);
  return statements.length > 1;
}

function wrap(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return async (query: Parameters<SqlDriverAdapter["executeRaw"]>[0]) => {
          if (query.args.length === 0 && looksLikeScript(query.sql)) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function sqliteMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url, timeout: 5000 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wrap(await inner.connect()),
    connectToShadowDb: async () => wrap(await inner.connectToShadowDb()),
  };
}

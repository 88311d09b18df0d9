package io.paygrid.platform.shard;

import io.vertx.mutiny.sqlclient.Pool;

/** One PostgreSQL database holding merchant-owned rows, with the JDBC coordinates its migrations use. */
public record ShardDatabase(int index, Pool pool, String jdbcUrl, String username, String password) {

    public String name() {
        return "shard-" + index;
    }
}

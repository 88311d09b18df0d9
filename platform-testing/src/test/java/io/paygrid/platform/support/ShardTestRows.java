package io.paygrid.platform.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Reads test tables straight from one database, bypassing the router, to check where rows landed. */
public final class ShardTestRows {

    private ShardTestRows() {
    }

    public static List<String> column(Pool pool, String sql, Object... args) {
        List<String> values = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely()) {
            values.add(String.valueOf(row.getValue(0)));
        }
        return values;
    }

    public static long count(Pool pool, String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }
}

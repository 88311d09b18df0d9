package io.paygrid.platform.page;

import java.util.List;
import java.util.function.Function;

/** A list response: {@code {"data": [...], "has_more": bool}}. */
public record Page<T>(List<T> data, boolean hasMore) {

    /** Builds a page from rows fetched with {@link PageRequest#fetchSize()}. */
    public static <T> Page<T> of(List<T> fetched, PageRequest request) {
        boolean more = fetched.size() > request.limit();
        return new Page<>(more ? List.copyOf(fetched.subList(0, request.limit())) : List.copyOf(fetched), more);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(data.stream().map(mapper).toList(), hasMore);
    }
}

package io.paygrid.platform.page;

import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;

import java.util.Optional;

/**
 * {@code ?limit=1..100&starting_after=<id>}: newest first, the page after the given id. Ids are
 * time-sortable, so a repository answers with {@code id < starting_after ORDER BY id DESC LIMIT limit + 1}.
 */
public record PageRequest(int limit, Optional<String> startingAfter) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public static PageRequest of(Integer limit, String startingAfter, IdPrefix prefix) {
        int effective = limit == null ? DEFAULT_LIMIT : limit;
        if (effective < 1 || effective > MAX_LIMIT) {
            throw new DomainException(CommonError.VALIDATION_FAILED,
                    "limit must be between 1 and " + MAX_LIMIT + ".").onField("limit");
        }
        if (startingAfter == null || startingAfter.isEmpty()) {
            return new PageRequest(effective, Optional.empty());
        }
        if (!Ids.isValid(prefix, startingAfter)) {
            throw new DomainException(CommonError.INVALID_CURSOR,
                    "starting_after must be a " + prefix.prefix() + "_ id from a previous page.").onField("starting_after");
        }
        return new PageRequest(effective, Optional.of(startingAfter));
    }

    /** Rows to fetch: one more than the page, to learn whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }
}

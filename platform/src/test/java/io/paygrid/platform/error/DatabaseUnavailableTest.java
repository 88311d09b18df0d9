package io.paygrid.platform.error;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean the database is away (a 503 to retry) and which do not (a 4xx or a 500 as before). */
class DatabaseUnavailableTest {

    @Test
    void shouldTellADatabaseThatIsAwayFromAFaultOfTheRequestOrOfTheCode() {
        assertThat(ProblemMappers.databaseUnavailable(new CompletionException(new ConnectException("Connection refused")))).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null))).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(
                new IllegalStateException(new PgException("connection failure", "FATAL", "08006", null)))).isTrue();

        assertThat(ProblemMappers.databaseUnavailable(
                new PgException("invalid input syntax for type numeric", "ERROR", "22P02", null))).isFalse();
        assertThat(ProblemMappers.databaseUnavailable(
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null))).isFalse();
        assertThat(ProblemMappers.databaseUnavailable(new IllegalStateException("a bug"))).isFalse();
    }
}

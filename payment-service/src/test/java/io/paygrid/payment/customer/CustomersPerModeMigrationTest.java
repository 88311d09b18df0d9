package io.paygrid.payment.customer;

import io.paygrid.platform.db.ListedMigrations;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.testing.EmbeddedInfra;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shard migration that puts each customer in one mode, run over data written before it: a customer only test
 * invoices used stays test, one only live invoices used becomes live, and one both used stays live while its test
 * invoices move to a test copy with a valid id of its own.
 */
class CustomersPerModeMigrationTest {

    private static final String SHARD = "db/shard";

    @Test
    void shouldGiveEachCustomerTheModeOfItsInvoicesAndSplitOneUsedByBoth() throws Exception {
        String url = "jdbc:" + EmbeddedInfra.url(EmbeddedInfra.createDatabase("customers_per_mode"));
        migrate(url, "2");
        String merchant = Ids.newId(IdPrefix.MERCHANT);
        String onlyTest = Ids.newId(IdPrefix.CUSTOMER);
        String onlyLive = Ids.newId(IdPrefix.CUSTOMER);
        String both = Ids.newId(IdPrefix.CUSTOMER);
        try (Connection db = DriverManager.getConnection(url, EmbeddedInfra.DB_USER, EmbeddedInfra.DB_PASSWORD);
             Statement sql = db.createStatement()) {
            for (String customer : List.of(onlyTest, onlyLive, both)) {
                sql.execute("INSERT INTO customers (id, merchant_id, email, created_at, updated_at) VALUES ('" + customer + "', '"
                        + merchant + "', '" + customer + "@example.com', now(), now())");
            }
            invoice(sql, merchant, "test", onlyTest);
            invoice(sql, merchant, "live", onlyLive);
            invoice(sql, merchant, "live", both);
            invoice(sql, merchant, "test", both);
            invoice(sql, merchant, "test", both);
        }

        migrate(url, "latest");

        try (Connection db = DriverManager.getConnection(url, EmbeddedInfra.DB_USER, EmbeddedInfra.DB_PASSWORD);
             Statement sql = db.createStatement()) {
            assertThat(column(sql, "SELECT mode FROM customers WHERE id = '" + onlyTest + "'")).containsExactly("test");
            assertThat(column(sql, "SELECT mode FROM customers WHERE id = '" + onlyLive + "'")).containsExactly("live");
            assertThat(column(sql, "SELECT mode FROM customers WHERE id = '" + both + "'")).containsExactly("live");
            List<String> copies = column(sql, "SELECT id FROM customers WHERE email = '" + both + "@example.com' AND mode = 'test'");
            assertThat(copies).hasSize(1);
            assertThat(Ids.isValid(IdPrefix.CUSTOMER, copies.get(0))).as(copies.get(0)).isTrue();
            assertThat(column(sql, "SELECT DISTINCT customer_id FROM invoices WHERE mode = 'test' AND customer_id <> '" + onlyTest + "'"))
                    .containsExactly(copies.get(0));
            assertThat(column(sql, "SELECT customer_id FROM invoices WHERE mode = 'live' ORDER BY customer_id"))
                    .containsExactlyInAnyOrder(onlyLive, both);
            // Every invoice points at a customer of its own mode.
            assertThat(column(sql, "SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.mode <> i.mode")).isEmpty();
        }
    }

    private static void migrate(String url, String target) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Flyway.configure(loader).dataSource(url, EmbeddedInfra.DB_USER, EmbeddedInfra.DB_PASSWORD)
                .resourceProvider(ListedMigrations.in(SHARD, loader)).table("shard_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").target(target).load().migrate();
    }

    private static void invoice(Statement sql, String merchant, String mode, String customer) throws Exception {
        sql.execute("INSERT INTO invoices (id, merchant_id, mode, status, amount, currency, expires_at, created_at, updated_at, customer_id) "
                + "VALUES ('" + Ids.newId(IdPrefix.INVOICE) + "', '" + merchant + "', '" + mode + "', 'open', 10, 'USD', now(), now(), now(), '"
                + customer + "')");
    }

    private static List<String> column(Statement sql, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}

package io.paygrid.payment;

import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class InvoiceListTest {

    @Inject
    ShardRouter router;

    @Test
    void shouldPageNewestFirstAndShowOnlyTheCallersInvoices() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("invoices:read"));
        MerchantFixtures.TestMerchant other = MerchantFixtures.activeMerchant(List.of("invoices:read"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(insertInvoice(merchant.id(), "open", "A-" + i, new BigDecimal("25.00")));
        }
        insertInvoice(merchant.id(), "paid", "A-paid", new BigDecimal("10.5"));
        String othersInvoice = insertInvoice(other.id(), "open", "B-1", BigDecimal.ONE);
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/invoices");

        String newestOpen = ids.get(2);
        given().auth().oauth2(merchant.key()).get("/v1/invoices?status=open&limit=2").then()
                .statusCode(200)
                .body("data.id", contains(newestOpen, ids.get(1)))
                .body("data[0].amount", equalTo("25.00"))
                .body("data[0].amount_due", equalTo("25.00"))
                .body("data[0].amount_paid", equalTo("0"))
                .body("data[0].currency", equalTo("USD"))
                .body("data[0].object", equalTo("invoice"))
                .body("has_more", equalTo(true));
        given().auth().oauth2(merchant.key()).get("/v1/invoices?status=open&limit=2&starting_after=" + ids.get(1)).then()
                .statusCode(200).body("data.id", contains(ids.get(0))).body("has_more", equalTo(false));
        given().auth().oauth2(merchant.key()).get("/v1/invoices?order_id=A-paid").then()
                .statusCode(200).body("data", hasSize(1)).body("data[0].amount", equalTo("10.50"));
        given().auth().oauth2(merchant.key()).get("/v1/invoices?limit=100").then()
                .statusCode(200).body("data", hasSize(4)).body("data.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(othersInvoice)));
    }

    @Test
    void shouldRejectBadListParameters() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("invoices:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/invoices");
        given().auth().oauth2(merchant.key()).get("/v1/invoices?limit=101").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(merchant.key()).get("/v1/invoices?limit=abc").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation_failed"));
        given().auth().oauth2(merchant.key()).get("/v1/invoices?starting_after=pay_123").then().statusCode(400)
                .body("code", equalTo("invalid_cursor"));
        given().auth().oauth2(merchant.key()).get("/v1/invoices?status=unpaid").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void shouldRefuseAKeyWithoutTheReadScope() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("webhooks:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/invoices");
        given().auth().oauth2(merchant.key()).get("/v1/invoices").then().statusCode(403)
                .contentType("application/problem+json");
    }

    private String insertInvoice(String merchantId, String status, String orderId, BigDecimal amount) {
        String id = Ids.newId(IdPrefix.INVOICE);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        router.poolFor(merchantId).preparedQuery("INSERT INTO invoices (id, merchant_id, mode, status, amount, currency, "
                        + "order_id, expires_at, created_at, updated_at) VALUES ($1, $2, 'test', $3, $4, 'USD', $5, $6, $7, $7)")
                .execute(Tuple.of(id, merchantId, status, amount, orderId, now.plusMinutes(15)).addValue(now))
                .await().indefinitely();
        return id;
    }
}

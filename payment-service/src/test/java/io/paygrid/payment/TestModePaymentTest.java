package io.paygrid.payment;

import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class TestModePaymentTest {

    static final String CARD_INVOICE = """
            {"amount": "49.99", "currency": "USD", "payment_methods": ["card", "upi"], "order_id": "T-1"}""";

    @Inject
    ShardRouter router;

    static String card(String number) {
        return "{\"method\": \"card\", \"card\": {\"number\": \"" + number + "\", \"exp_month\": 12, \"exp_year\": 2030, \"cvc\": \"123\"}}";
    }

    static JsonPath pay(String key, String invoiceId, String body) {
        return given().auth().oauth2(key).contentType("application/json").body(body)
                .post("/v1/invoices/" + invoiceId + "/payments").then().statusCode(201).extract().jsonPath();
    }

    static void awaitPayment(String key, String paymentId, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(
                given().auth().oauth2(key).get("/v1/payments/" + paymentId).then().statusCode(200).extract().jsonPath().getString("status")));
    }

    @Test
    void shouldSettleTheDocumentedSuccessCardAsynchronouslyAndPayTheInvoice() throws Exception {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String invoiceId = PaymentFixtures.createInvoice(merchant.key(), CARD_INVOICE).getString("id");
        JsonPath payment = pay(merchant.key(), invoiceId, card("4242 4242 4242 4242"));
        assertThat(payment.getString("status")).isEqualTo("pending");
        assertThat(payment.getString("card_last4")).isEqualTo("4242");
        assertThat(payment.getString("card_network")).isEqualTo("visa");
        assertThat(payment.getString("amount")).isEqualTo("49.99");
        assertThat(PaymentFixtures.invoice(merchant.key(), invoiceId).getString("status")).isEqualTo("open");
        given().auth().oauth2(merchant.key()).contentType("application/json").body(card("4242424242424242"))
                .post("/v1/invoices/" + invoiceId + "/payments").then().statusCode(409).body("code", equalTo("invalid_state"));

        given().auth().oauth2(merchant.key()).post("/v1/invoices/" + invoiceId + "/cancel").then().statusCode(409)
                .body("code", equalTo("invalid_state"));
        awaitPayment(merchant.key(), payment.getString("id"), "confirmed");
        PaymentFixtures.awaitInvoice(merchant.key(), invoiceId, "paid", "none");
        given().auth().oauth2(merchant.key()).get("/v1/invoices/" + invoiceId + "/events").then().statusCode(200)
                .body("data.type", equalTo(List.of("invoice.created", "payment.created", "payment.confirmed", "invoice.paid")));
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM payment_jobs WHERE merchant_id = $1")).isZero();
        assertThat(PaymentFixtures.count(router, merchant.id(),
                "SELECT count(*) FROM outbox WHERE message_key = $1 AND payload LIKE '%4242424242424242%'")).isZero();
        assertThat(PaymentFixtures.count(router, merchant.id(),
                "SELECT count(*) FROM invoice_events WHERE merchant_id = $1 AND data::text LIKE '%424242424242%'")).isZero();
        assertThat(Files.readString(Path.of("target/quarkus-test.log"))).doesNotContain("4242424242424242", "4242 4242 4242 4242");
    }

    @Test
    void shouldDeclineTheDocumentedFailureCardAndUpiAndLeaveTheInvoiceOpen() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String invoiceId = PaymentFixtures.createInvoice(merchant.key(), CARD_INVOICE).getString("id");
        JsonPath declined = pay(merchant.key(), invoiceId, card("4000000000000002"));
        awaitPayment(merchant.key(), declined.getString("id"), "failed");
        given().auth().oauth2(merchant.key()).get("/v1/payments/" + declined.getString("id")).then()
                .body("error_code", equalTo("card_declined"));
        assertThat(PaymentFixtures.invoice(merchant.key(), invoiceId).getString("status")).isEqualTo("open");

        JsonPath upiFailed = pay(merchant.key(), invoiceId, "{\"method\": \"upi\", \"vpa\": \"failure@paygrid\"}");
        awaitPayment(merchant.key(), upiFailed.getString("id"), "failed");
        given().auth().oauth2(merchant.key()).get("/v1/payments/" + upiFailed.getString("id")).then()
                .body("error_code", equalTo("upi_declined")).body("card_last4", nullValue());

        JsonPath upi = pay(merchant.key(), invoiceId, "{\"method\": \"upi\", \"vpa\": \"success@paygrid\"}");
        awaitPayment(merchant.key(), upi.getString("id"), "confirmed");
        PaymentFixtures.awaitInvoice(merchant.key(), invoiceId, "paid", "none");
        given().auth().oauth2(merchant.key()).contentType("application/json").body(card("4242424242424242"))
                .post("/v1/invoices/" + invoiceId + "/payments").then().statusCode(409).body("code", equalTo("invalid_state"));
    }

    @Test
    void shouldRefuseBadCardsLiveKeysAndMethodsTheInvoiceDoesNotTake() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String invoiceId = PaymentFixtures.createInvoice(merchant.key(),
                "{\"amount\": \"5\", \"currency\": \"USD\", \"payment_methods\": [\"card\"]}").getString("id");
        for (String bad : List.of(card("4242424242424241"), card("12"), card("abcd"),
                "{\"method\": \"card\", \"card\": {\"number\": \"4242424242424242\", \"exp_month\": 1, \"exp_year\": 2020, \"cvc\": \"123\"}}",
                "{\"method\": \"card\", \"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2030, \"cvc\": \"1\"}}",
                "{\"method\": \"card\"}", "{\"method\": \"paypal\"}")) {
            String answer = given().auth().oauth2(merchant.key()).contentType("application/json").body(bad)
                    .post("/v1/invoices/" + invoiceId + "/payments").then().statusCode(org.hamcrest.Matchers.oneOf(400, 422))
                    .contentType("application/problem+json").extract().asString();
            assertThat(answer).doesNotContain("4242424242424241", "4242424242424242");
        }
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"method\": \"upi\", \"vpa\": \"success@paygrid\"}")
                .post("/v1/invoices/" + invoiceId + "/payments").then().statusCode(422).body("code", equalTo("payment_method_not_offered"));

        String live = io.paygrid.platform.auth.ApiKeys.generate("live");
        MerchantFixtures.publish(io.paygrid.platform.contract.MerchantEvents.API_KEY_CREATED, merchant.id(),
                new io.paygrid.platform.contract.MerchantEvents.ApiKeyData(
                        io.paygrid.platform.id.Ids.newId(io.paygrid.platform.id.IdPrefix.API_KEY), merchant.id(),
                        io.paygrid.platform.auth.ApiKeys.hash(live, PayGridTestResource.KEY_HASH_SECRET),
                        io.paygrid.platform.auth.ApiKeys.prefixOf(live), "live", List.of("*"), null, null));
        ServiceBasicsTest.awaitKey(live, "/v1/invoices");
        given().auth().oauth2(live).contentType("application/json").body(card("4242424242424242"))
                .post("/v1/invoices/" + invoiceId + "/payments").then().statusCode(403).body("code", equalTo("test_mode_only"));
        given().auth().oauth2(live).contentType("application/json")
                .body("{\"amount\": \"5\", \"currency\": \"USD\", \"payment_methods\": [\"card\"]}")
                .post("/v1/invoices").then().statusCode(422).body("code", equalTo("payment_method_unavailable"));
        given().auth().oauth2(live).contentType("application/json")
                .body("{\"amount\": \"5\", \"currency\": \"USD\", \"payment_methods\": [\"eth-devnet\"]}")
                .post("/v1/invoices").then().statusCode(422).body("code", equalTo("payment_method_unavailable"));
        // Test and live objects are apart: a key of one mode sees the other's as missing.
        given().auth().oauth2(live).get("/v1/invoices/" + invoiceId).then().statusCode(404);
        given().auth().oauth2(live).post("/v1/invoices/" + invoiceId + "/cancel").then().statusCode(404);
        given().auth().oauth2(live).get("/v1/invoices").then().statusCode(200).body("data", org.hamcrest.Matchers.hasSize(0));
        String liveInvoice = given().auth().oauth2(live).contentType("application/json")
                .body("{\"amount\": \"5\", \"currency\": \"USD\", \"payment_methods\": [\"eth-ethereum\"], "
                        + "\"customer\": {\"email\": \"both@example.com\"}}")
                .post("/v1/invoices").then().statusCode(201).body("livemode", equalTo(true)).extract().path("id");
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"note\": \"x\"}")
                .post("/v1/invoices/" + liveInvoice + "/mark-paid").then().statusCode(404);
        given().auth().oauth2(merchant.key()).get("/v1/invoices").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(liveInvoice)));
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM payments WHERE merchant_id = $1")).isZero();

        // Customers are apart too: one email is a customer in each mode, and a key sees only its own mode's.
        String liveCustomer = given().auth().oauth2(live).get("/v1/invoices/" + liveInvoice).then().statusCode(200)
                .extract().path("customer_id");
        String testCustomer = given().auth().oauth2(merchant.key()).contentType("application/json")
                .body("{\"email\": \"both@example.com\"}").post("/v1/customers").then().statusCode(201).extract().path("id");
        assertThat(testCustomer).isNotNull().isNotEqualTo(liveCustomer);
        given().auth().oauth2(live).get("/v1/customers/" + testCustomer).then().statusCode(404);
        given().auth().oauth2(merchant.key()).get("/v1/customers/" + liveCustomer).then().statusCode(404);
        given().auth().oauth2(merchant.key()).get("/v1/customers/" + liveCustomer + "/payments").then().statusCode(404);
        given().auth().oauth2(live).queryParam("email", "both@example.com").get("/v1/customers").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.contains(liveCustomer));
        given().auth().oauth2(merchant.key()).queryParam("email", "BOTH@example.com").get("/v1/customers").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.contains(testCustomer));
    }
}

package io.paygrid.payment;

import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class InvoiceApiTest {

    private static final String BODY = """
            {"amount": "25.00", "currency": "USD", "payment_methods": ["eth-ethereum", "usdc-ethereum", "card"],
             "order_id": "A-1001", "description": "2 tickets to the harbour concert", "metadata": {"k": "v"},
             "customer": {"email": "buyer@example.com"}, "expires_in_minutes": 30, "payment_tolerance_percent": "0.5",
             "redirect_url": "https://shop.example/thanks"}""";

    @Inject
    ShardRouter router;

    /** Wallet-service is back; the breaker lets calls through again after its delay (1 s in tests). */
    @AfterEach
    void walletBackUp() {
        FakeWalletService.get().mode(FakeWalletService.Mode.UP);
        MerchantFixtures.TestMerchant probe = PaymentFixtures.merchant();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                given().auth().oauth2(probe.key()).contentType("application/json")
                        .body("{\"amount\": \"1\", \"currency\": \"USD\", \"payment_methods\": [\"eth-ethereum\"]}")
                        .post("/v1/invoices").statusCode() == 201);
    }

    @Test
    void shouldCreateAnInvoiceWithAnAddressAndLockedRatePerCryptoMethod() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(), BODY);
        assertThat(invoice.getString("id")).startsWith("inv_");
        assertThat(invoice.getString("status")).isEqualTo("open");
        assertThat(invoice.getString("exception")).isEqualTo("none");
        assertThat(invoice.getString("amount")).isEqualTo("25.00");
        assertThat(invoice.getString("amount_due")).isEqualTo("25.00");
        assertThat(invoice.getString("amount_paid")).isEqualTo("0");
        assertThat(invoice.getString("checkout_url")).endsWith("/checkout/" + invoice.getString("id"));
        assertThat(invoice.getString("customer_id")).startsWith("cus_");
        assertThat(invoice.getList("payment_methods")).containsExactly("eth-ethereum", "usdc-ethereum", "card");
        assertThat(invoice.getString("payment_options.find { it.method == 'eth-ethereum' }.amount")).isEqualTo("0.0125");
        assertThat(invoice.getString("payment_options.find { it.method == 'eth-ethereum' }.rate")).isEqualTo("2000");
        assertThat(invoice.getString("payment_options.find { it.method == 'eth-ethereum' }.payment_uri")).startsWith("ethereum:0x");
        assertThat(invoice.getString("payment_options.find { it.method == 'usdc-ethereum' }.amount")).isEqualTo("25");
        assertThat(invoice.getInt("payment_options.find { it.method == 'usdc-ethereum' }.required_confirmations")).isEqualTo(12);

        String id = invoice.getString("id");
        given().auth().oauth2(merchant.key()).get("/v1/invoices/" + id).then().statusCode(200)
                .body("payment_options", hasSize(2)).body("metadata.k", equalTo("v"));
        given().auth().oauth2(merchant.key()).get("/v1/invoices/" + id + "/events").then().statusCode(200)
                .body("data.type", contains("invoice.created")).body("data[0].version", equalTo(1))
                .body("data[0].data.id", equalTo(id)).body("data[0].metadata.actor_kind", equalTo("api_key"));
        CloudEvent created = PaymentFixtures.awaitPublished(id, "invoice.created");
        assertThat(created.merchantId()).isEqualTo(merchant.id());
        assertThat(created.data().path("amount").asText()).isEqualTo("25.00");
    }

    @Test
    void shouldHideAnotherMerchantsInvoiceBehindA404() {
        MerchantFixtures.TestMerchant owner = PaymentFixtures.merchant();
        MerchantFixtures.TestMerchant other = PaymentFixtures.merchant();
        String id = PaymentFixtures.createInvoice(owner.key(), BODY).getString("id");
        for (String path : List.of("/v1/invoices/" + id, "/v1/invoices/" + id + "/events")) {
            given().auth().oauth2(other.key()).get(path).then().statusCode(404).body("code", equalTo("resource_not_found"));
        }
        given().auth().oauth2(other.key()).post("/v1/invoices/" + id + "/cancel").then().statusCode(404);
        given().auth().oauth2(other.key()).contentType("application/json").body("{\"note\": \"x\"}")
                .post("/v1/invoices/" + id + "/mark-paid").then().statusCode(404);
        given().auth().oauth2(owner.key()).get("/v1/invoices/" + id).then().statusCode(200);
    }

    @Test
    void shouldMakeOneInvoiceOfFiftyConcurrentIdenticalRequests() throws Exception {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String key = "order-A-2002";
        String body = BODY.replace("A-1001", "A-2002");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<Response> create = () -> given().auth().oauth2(merchant.key()).header("Idempotency-Key", key)
                    .contentType("application/json").body(body).post("/v1/invoices");
            calls.add(pool.submit(create));
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Response> call : calls) {
            Response response = call.get();
            assertThat(response.statusCode()).as(response.asString()).isIn(201, 409);
            if (response.statusCode() == 201) {
                created++;
                ids.add(response.jsonPath().getString("id"));
            } else {
                assertThat(response.jsonPath().getString("code")).isEqualTo("idempotency_in_progress");
            }
        }
        pool.shutdown();
        assertThat(created).isPositive();
        assertThat(ids).hasSize(1);
        assertThat(PaymentFixtures.count(router, merchant.id(),
                "SELECT count(*) FROM invoices WHERE merchant_id = $1 AND order_id = 'A-2002'")).isEqualTo(1);

        given().auth().oauth2(merchant.key()).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post("/v1/invoices").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(ids.iterator().next()));
        given().auth().oauth2(merchant.key()).header("Idempotency-Key", key).contentType("application/json")
                .body(body.replace("25.00", "26.00")).post("/v1/invoices").then().statusCode(422)
                .body("code", equalTo("idempotency_key_reused"));
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM invoices WHERE merchant_id = $1")).isEqualTo(1);
    }

    @Test
    void shouldAnswer503AndWriteNothingWhenWalletServiceIsDown() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        FakeWalletService.get().mode(FakeWalletService.Mode.FAILING);
        given().auth().oauth2(merchant.key()).contentType("application/json")
                .body("{\"amount\": \"10\", \"currency\": \"USD\", \"payment_methods\": [\"eth-ethereum\", \"btc-bitcoin\"]}")
                .post("/v1/invoices").then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("wallet_unavailable"));
        FakeWalletService.get().mode(FakeWalletService.Mode.HANGING);
        given().auth().oauth2(merchant.key()).contentType("application/json")
                .body("{\"amount\": \"10\", \"currency\": \"USD\", \"payment_methods\": [\"eth-ethereum\"]}")
                .post("/v1/invoices").then().statusCode(503).body("code", equalTo("wallet_unavailable"));
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM invoices WHERE merchant_id = $1")).isZero();
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM outbox WHERE message_key = $1")).isZero();
    }

    @Test
    void shouldOfferTheMethodsThatStillWorkWhenOneCannotBeHad() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        FakeWalletService.get().mode("btc-bitcoin", FakeWalletService.Mode.FAILING);
        JsonPath invoice = PaymentFixtures.createInvoice(merchant.key(),
                "{\"amount\": \"10\", \"currency\": \"USD\", \"payment_methods\": [\"eth-ethereum\", \"btc-bitcoin\", \"upi\"]}");
        assertThat(invoice.getList("payment_methods")).containsExactly("eth-ethereum", "upi");
        assertThat(invoice.getList("payment_options.method")).containsExactly("eth-ethereum");
    }

    @Test
    void shouldPassOnWalletServicesRefusalAsTheMerchantsError() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        given().auth().oauth2(merchant.key()).contentType("application/json")
                .body("{\"amount\": \"10\", \"currency\": \"USD\", \"payment_methods\": [\"usdt-bsc\", \"card\"]}")
                .post("/v1/invoices").then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("no_derivation_scheme"));
        assertThat(PaymentFixtures.count(router, merchant.id(), "SELECT count(*) FROM invoices WHERE merchant_id = $1")).isZero();
    }

    @Test
    void shouldCancelOnlyAnOpenInvoiceAndMarkPaidWithANote() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String cancelled = PaymentFixtures.createInvoice(merchant.key(), BODY).getString("id");
        given().auth().oauth2(merchant.key()).post("/v1/invoices/" + cancelled + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        given().auth().oauth2(merchant.key()).post("/v1/invoices/" + cancelled + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("invalid_state"));
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"note\": \"paid cash\"}")
                .post("/v1/invoices/" + cancelled + "/mark-paid").then().statusCode(409).body("code", equalTo("invalid_state"));

        String marked = PaymentFixtures.createInvoice(merchant.key(), BODY).getString("id");
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{\"note\": \"paid by bank transfer\"}")
                .post("/v1/invoices/" + marked + "/mark-paid").then().statusCode(200)
                .body("status", equalTo("paid")).body("exception", equalTo("marked")).body("note", equalTo("paid by bank transfer"));
        given().auth().oauth2(merchant.key()).post("/v1/invoices/" + marked + "/cancel").then().statusCode(409);
        given().auth().oauth2(merchant.key()).contentType("application/json").body("{}")
                .post("/v1/invoices/" + marked + "/mark-paid").then().statusCode(400);
        given().auth().oauth2(merchant.key()).get("/v1/invoices/" + marked + "/events").then().statusCode(200)
                .body("data.type", contains("invoice.created", "invoice.paid")).body("data.version", contains(1, 2));
    }

    @Test
    void shouldSearchByTextOrderIdStatusAndCreationTime() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        String concert = PaymentFixtures.createInvoice(merchant.key(), BODY).getString("id");
        String bike = PaymentFixtures.createInvoice(merchant.key(), BODY.replace("A-1001", "B-7")
                .replace("2 tickets to the harbour concert", "Blue bicycle, size M")).getString("id");
        given().auth().oauth2(merchant.key()).queryParam("q", "bicycle").get("/v1/invoices").then().statusCode(200)
                .body("data.id", contains(bike));
        given().auth().oauth2(merchant.key()).queryParam("q", "harbour concert").get("/v1/invoices").then().statusCode(200)
                .body("data.id", contains(concert));
        given().auth().oauth2(merchant.key()).queryParam("q", "B-7").get("/v1/invoices").then().statusCode(200)
                .body("data.id", contains(bike));
        given().auth().oauth2(merchant.key()).queryParam("created_gte", "2000-01-01T00:00:00Z")
                .queryParam("created_lt", "2999-01-01T00:00:00Z").get("/v1/invoices").then().statusCode(200)
                .body("data.id", containsInAnyOrder(concert, bike));
        given().auth().oauth2(merchant.key()).queryParam("created_lt", "2000-01-01T00:00:00Z").get("/v1/invoices").then()
                .statusCode(200).body("data", hasSize(0));
        given().auth().oauth2(merchant.key()).queryParam("created_gte", "yesterday").get("/v1/invoices").then()
                .statusCode(400).body("errors[0].field", equalTo("created_gte"));
        given().auth().oauth2(merchant.key()).queryParam("q", "').*;--").get("/v1/invoices").then().statusCode(200);
        String customer = PaymentFixtures.invoice(merchant.key(), concert).getString("customer_id");
        given().auth().oauth2(merchant.key()).get("/v1/customers/" + customer).then().statusCode(200)
                .body("email", equalTo("buyer@example.com")).body("id", startsWith("cus_"));
        given().auth().oauth2(merchant.key()).queryParam("customer_id", customer).get("/v1/invoices").then().statusCode(200)
                .body("data", hasSize(2));
    }
}

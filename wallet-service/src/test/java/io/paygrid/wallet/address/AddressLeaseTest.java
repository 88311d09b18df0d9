package io.paygrid.wallet.address;

import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WalletEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.wallet.DevnetTestResource;
import io.paygrid.wallet.WalletFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.anyOf;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class AddressLeaseTest {

    private static final String BIP84_TESTNET_VPUB_INVALID = "vpub5notakey";

    private MerchantFixtures.TestMerchant merchant() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("*"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/derivation-schemes");
        return merchant;
    }

    @Test
    void shouldRegisterAnAccountKeyAndShowItsFirstAddresses() {
        MerchantFixtures.TestMerchant merchant = merchant();
        JsonPath scheme = WalletFixtures.registerScheme(merchant.key(), "ethereum", WalletFixtures.randomEvmXpub());
        assertThat(scheme.getString("id")).startsWith("ds_");
        assertThat(scheme.getList("first_addresses", String.class)).hasSize(3)
                .allSatisfy(address -> assertThat(Eip55.checksummed(address)).isEqualTo(address));
        assertThat(scheme.getInt("addresses_derived")).isEqualTo(20);
        given().auth().oauth2(merchant.key()).get("/v1/derivation-schemes").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].network", equalTo("ethereum"));
        await().atMost(Duration.ofSeconds(20)).until(() -> WalletFixtures.eventsOf(Topics.WALLET_EVENTS, merchant.id()).stream()
                .anyMatch(e -> WalletEvents.DERIVATION_SCHEME_REGISTERED.equals(e.type())));
    }

    @Test
    void shouldRefuseBadKeysAndNetworksWith422AndChangeNothing() {
        MerchantFixtures.TestMerchant merchant = merchant();
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("network", "ethereum", "xpub", "xpub-garbage"),
                Map.of("network", "bitcoin-testnet", "xpub", BIP84_TESTNET_VPUB_INVALID),
                Map.of("network", "bitcoin", "xpub", WalletFixtures.randomEvmXpub().replace("xpub", "xprv")),
                Map.of("network", "atlantis", "xpub", WalletFixtures.randomEvmXpub()),
                Map.of("network", "ethereum", "xpub", WalletFixtures.randomEvmXpub(), "gap_limit", 0))) {
            given().auth().oauth2(merchant.key()).contentType("application/json").body(body)
                    .post("/v1/derivation-schemes").then()
                    .statusCode(anyOf(equalTo(400), equalTo(422)))
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(merchant.key()).get("/v1/derivation-schemes").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void shouldRefuseAKeyAnotherMerchantRegisteredOnAnyShard() {
        String xpub = WalletFixtures.randomEvmXpub();
        WalletFixtures.registerScheme(merchant().key(), "devnet", xpub);
        MerchantFixtures.TestMerchant other = merchant();
        given().auth().oauth2(other.key()).contentType("application/json").body(Map.of("network", "devnet", "xpub", xpub))
                .post("/v1/derivation-schemes").then().statusCode(409).body("code", equalTo("xpub_in_use"));
        given().auth().oauth2(other.key()).get("/v1/derivation-schemes").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void shouldLeaseAnAddressWithALockedRateOnceForAnInvoiceAndMethod() {
        MerchantFixtures.TestMerchant merchant = merchant();
        JsonPath scheme = WalletFixtures.registerScheme(merchant.key(), "devnet", WalletFixtures.randomEvmXpub());
        JsonPath lease = WalletFixtures.lease(merchant.id(), "inv_a", "eth-devnet", "25.00", "USD");
        assertThat(lease.getString("id")).startsWith("lea_");
        assertThat(lease.getString("address")).isEqualTo(scheme.getList("first_addresses").get(0));
        assertThat(lease.getString("amount")).isEqualTo("0.0125");
        assertThat(lease.getString("rate")).isEqualTo("2000");
        assertThat(lease.getString("rate_id")).startsWith("rate_");
        assertThat(lease.getString("payment_uri")).isEqualTo("ethereum:" + lease.getString("address") + "@31337?value=12500000000000000");
        assertThat(lease.getInt("required_confirmations")).isEqualTo(2);
        assertThat(Instant.parse(lease.getString("rate_expires_at"))).isAfter(Instant.now().plus(Duration.ofMinutes(14)));

        JsonPath again = WalletFixtures.lease(merchant.id(), "inv_a", "eth-devnet", "25.00", "USD");
        assertThat(again.getString("id")).isEqualTo(lease.getString("id"));
        JsonPath token = WalletFixtures.lease(merchant.id(), "inv_a", "usdc-devnet", "25.00", "USD");
        assertThat(token.getString("address")).isEqualTo(scheme.getList("first_addresses").get(1));
        assertThat(token.getString("payment_uri")).isEqualTo("ethereum:" + Eip55.checksummed(DevnetTestResource.usdc().address())
                + "@31337/transfer?address=" + token.getString("address") + "&uint256=25000000");
    }

    /** Also guards the settings replica: it once stored the settings as a JSON string instead of an object. */
    @Test
    void shouldTakeTheMerchantsConfirmationsForTheNetwork() {
        MerchantFixtures.TestMerchant merchant = merchant();
        MerchantFixtures.publish("merchant.updated", merchant.id(), new MerchantEvents.MerchantData(
                merchant.id(), "Shop", "active", EventJson.toTree(Map.of("confirmations", Map.of("devnet", 30))),
                Instant.now()));
        WalletFixtures.registerScheme(merchant.key(), "devnet", WalletFixtures.randomEvmXpub());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                WalletFixtures.lease(merchant.id(), "inv_c" + System.nanoTime(), "eth-devnet", "1.00", "USD").getInt("required_confirmations") == 30);
    }

    @Test
    void shouldProtectLeasesFromMerchantsAndRefuseWhatCannotBeOffered() {
        MerchantFixtures.TestMerchant merchant = merchant();
        Map<String, Object> body = Map.of("merchant_id", merchant.id(), "invoice_id", "inv_x", "method", "eth-devnet",
                "amount", "10", "currency", "USD", "expires_at", Instant.now().plusSeconds(600).toString());
        given().contentType("application/json").body(body).post("/internal/v1/address-leases").then().statusCode(401);
        given().auth().oauth2(merchant.key()).contentType("application/json").body(body).post("/internal/v1/address-leases")
                .then().statusCode(403);
        given().auth().oauth2(PayGridTestResource.ADMIN_KEY).contentType("application/json").body(body).post("/internal/v1/address-leases")
                .then().statusCode(403);
        service(body).then().statusCode(409).body("code", equalTo("no_derivation_scheme"));
        Map<String, Object> unwatched = new HashMap<>(body);
        unwatched.put("method", "eth-ethereum");
        WalletFixtures.registerScheme(merchant.key(), "ethereum", WalletFixtures.randomEvmXpub());
        service(unwatched).then().statusCode(422).body("code", equalTo("unsupported_payment_method"));
        Map<String, Object> unknown = new HashMap<>(body);
        unknown.put("method", "doge-ethereum");
        service(unknown).then().statusCode(422).body("code", equalTo("unsupported_payment_method"));
        Map<String, Object> precise = new HashMap<>(body);
        precise.put("amount", "10.001");
        service(precise).then().statusCode(422).body("code", equalTo("amount_too_precise"));
        Map<String, Object> huge = new HashMap<>(body);
        huge.put("amount", "1000000000000000000000");
        service(huge).then().statusCode(400).body("code", equalTo("invalid_amount"));
        Map<String, Object> noRate = new HashMap<>(body);
        noRate.put("currency", "JPY");
        WalletFixtures.registerScheme(merchant.key(), "devnet", WalletFixtures.randomEvmXpub());
        service(noRate).then().statusCode(503).body("code", equalTo("rate_unavailable"));
    }

    private static Response service(Map<String, Object> body) {
        return given().auth().oauth2(PayGridTestResource.SERVICE_TOKEN).contentType("application/json").body(body)
                .post("/internal/v1/address-leases");
    }

    @Test
    void shouldHandOutAThousandDistinctAddressesToAThousandConcurrentLeases() throws Exception {
        MerchantFixtures.TestMerchant merchant = merchant();
        WalletFixtures.registerScheme(merchant.key(), "devnet", WalletFixtures.randomEvmXpub());
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        URI leases = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/internal/v1/address-leases");
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<String>> responses = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            String body = EventJson.mapper().writeValueAsString(Map.of("merchant_id", merchant.id(), "invoice_id", "inv_many_" + i,
                    "method", "eth-devnet", "amount", "1.00", "currency", "USD",
                    "expires_at", Instant.now().plus(Duration.ofMinutes(15)).toString()));
            inFlight.acquire();
            responses.add(http.sendAsync(HttpRequest.newBuilder(leases).header("Authorization", "Bearer " + PayGridTestResource.SERVICE_TOKEN)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> inFlight.release())
                    .thenApply(response -> {
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        return new JsonPath(response.body()).getString("address").toLowerCase(Locale.ROOT);
                    }));
        }
        Set<String> addresses = new HashSet<>();
        for (CompletableFuture<String> response : responses) {
            addresses.add(response.get(60, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // A measurement for the record, not a goal (client, service, PostgreSQL, Kafka and anvil share two cores).
        System.out.printf("1000 leases, 32 in flight: %.2f s (%.0f leases/s)%n", seconds, 1000 / seconds);
        assertThat(addresses).hasSize(1000);
        List<CloudEvent> gapWarnings = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            gapWarnings.clear();
            WalletFixtures.eventsOf(Topics.WALLET_EVENTS, merchant.id()).stream()
                    .filter(e -> WalletEvents.GAP_LIMIT_EXCEEDED.equals(e.type())).forEach(gapWarnings::add);
            assertThat(gapWarnings).isNotEmpty();
        });
        assertThat(gapWarnings).hasSize(1);
        assertThat(gapWarnings.get(0).data().path("gap_limit").asInt()).isEqualTo(20);
    }
}

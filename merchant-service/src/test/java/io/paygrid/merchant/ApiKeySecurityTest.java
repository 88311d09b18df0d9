package io.paygrid.merchant;

import io.paygrid.platform.contract.Topics;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.paygrid.merchant.MerchantApi.as;
import static io.paygrid.merchant.MerchantApi.asAdminFor;
import static io.paygrid.merchant.MerchantApi.createKey;
import static io.paygrid.merchant.MerchantApi.createMerchant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ApiKeySecurityTest {

    @Inject
    Pool mainDatabase;

    @Test
    void shouldRollAKeyWithAnOverlapDuringWhichBothWork() {
        String merchant = createMerchant("Roller");
        String[] old = createKey(merchant, List.of("*"));
        ServiceBasicsTest.awaitKey(old[1], "/v1/merchants/me");

        var rolled = as(old[1]).body(Map.of("expire_old_in_minutes", 60)).post("/v1/api-keys/" + old[0] + "/roll").then()
                .statusCode(200).body("secret", matchesPattern("sk_test_[0-9A-Za-z]{43}")).body("id", not(equalTo(old[0])))
                .extract();
        String successor = rolled.path("secret");
        ServiceBasicsTest.awaitKey(successor, "/v1/merchants/me");
        as(old[1]).get("/v1/merchants/me").then().statusCode(200);
        as(successor).get("/v1/api-keys?limit=100").then().statusCode(200)
                .body("data.find { it.id == '" + old[0] + "' }.rolled_to", equalTo(rolled.path("id")));

        String[] short1 = createKey(merchant, List.of("*"));
        ServiceBasicsTest.awaitKey(short1[1], "/v1/merchants/me");
        as(successor).body(Map.of("expire_old_in_minutes", 0)).post("/v1/api-keys/" + short1[0] + "/roll").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(short1[1]).get("/v1/merchants/me").then().statusCode(401));
        as(successor).body(Map.of("expire_old_in_minutes", 0)).post("/v1/api-keys/" + short1[0] + "/roll").then()
                .statusCode(409).body("code", equalTo("api_key_not_active"));
        as(successor).body(Map.of("expire_old_in_minutes", -1)).post("/v1/api-keys/" + old[0] + "/roll").then().statusCode(400);
    }

    @Test
    void shouldRefuseAKeyOnceItHasExpired() {
        String merchant = createMerchant("Expiring");
        var created = asAdminFor(merchant).body(Map.of("name", "brief", "scopes", List.of("*"), "mode", "test",
                        "expires_at", Instant.now().plusSeconds(3).toString()))
                .post("/v1/api-keys").then().statusCode(201).extract();
        String secret = created.path("secret");
        ServiceBasicsTest.awaitKey(secret, "/v1/merchants/me");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(secret).get("/v1/merchants/me").then().statusCode(401));
        asAdminFor(merchant).body(Map.of("name", "past", "scopes", List.of("*"), "mode", "test",
                "expires_at", "2020-01-01T00:00:00Z")).post("/v1/api-keys").then().statusCode(400);
    }

    @Test
    void shouldAnswer404ForEveryOtherMerchantsResource() {
        String a = createMerchant("Alpha");
        String b = createMerchant("Bravo");
        String keyOfA = createKey(a, List.of("*"))[1];
        String keyIdOfB = createKey(b, List.of("*"))[0];
        ServiceBasicsTest.awaitKey(keyOfA, "/v1/merchants/me");

        String missing = "key_00000000000000000000000000";
        for (String keyId : List.of(keyIdOfB, missing)) {
            var revoke = as(keyOfA).delete("/v1/api-keys/" + keyId).then().statusCode(404).extract().body().asString();
            var roll = as(keyOfA).body(Map.of()).post("/v1/api-keys/" + keyId + "/roll").then().statusCode(404).extract().body().asString();
            assertThat(revoke).contains("resource_not_found");
            assertThat(roll).contains("resource_not_found");
        }
        as(keyOfA).get("/v1/api-keys?limit=100").then().statusCode(200).body("data.id", not(org.hamcrest.Matchers.hasItem(keyIdOfB)));
        as(keyOfA).get("/v1/audit-logs?target_id=" + keyIdOfB).then().statusCode(200).body("data", hasSize(0));
        as(keyOfA).get("/v1/merchants/me").then().statusCode(200).body("id", equalTo(a));
        asAdminFor(b).get("/v1/api-keys").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void shouldNeverWriteASecretToALogAnAuditRowOrAnEvent() throws Exception {
        String merchant = createMerchant("Secretive");
        String[] key = createKey(merchant, List.of("*"));
        ServiceBasicsTest.awaitKey(key[1], "/v1/merchants/me");
        String rolled = as(key[1]).body(Map.of("expire_old_in_minutes", 0)).post("/v1/api-keys/" + key[0] + "/roll").then()
                .statusCode(200).extract().path("secret");
        ServiceBasicsTest.awaitKey(rolled, "/v1/merchants/me");
        given().auth().oauth2(rolled + "x").get("/v1/merchants/me").then().statusCode(401);
        List<String> secrets = List.of(key[1], rolled, PayGridTestResource.ADMIN_KEY, PayGridTestResource.KEY_HASH_SECRET);

        List<ConsumerRecord<String, String>> events = TopicReader.read(Topics.MERCHANT_EVENTS, 1, Duration.ofSeconds(5));
        assertThat(events).isNotEmpty();
        List<String> auditRows = new ArrayList<>();
        mainDatabase.query("SELECT coalesce(before, '') || coalesce(after, '') || actor || coalesce(user_agent, '') FROM audit_log")
                .execute().await().indefinitely().forEach(row -> auditRows.add(row.getString(0)));
        assertThat(auditRows).isNotEmpty();
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).contains(key[0]);
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            assertThat(auditRows).noneMatch(row -> row.contains(secret));
            assertThat(events).noneMatch(event -> event.value().contains(secret));
        }
    }
}

package io.paygrid.payment;

import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.ChainEvents.TransferData;
import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.paygrid.platform.shard.ShardRouter;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.ServiceBasicsTest;
import io.paygrid.testing.TopicReader;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A merchant whose key payment-service knows, and what tests do with it. */
final class PaymentFixtures {

    static final List<String> ALL_SCOPES = List.of("*");

    private PaymentFixtures() {
    }

    static MerchantFixtures.TestMerchant merchant() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(ALL_SCOPES);
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/invoices");
        return merchant;
    }

    static JsonPath createInvoice(String key, String body) {
        return given().auth().oauth2(key).contentType("application/json").body(body)
                .post("/v1/invoices").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath invoice(String key, String id) {
        return given().auth().oauth2(key).get("/v1/invoices/" + id).then().statusCode(200).extract().jsonPath();
    }

    static void awaitInvoice(String key, String id, String status, String exception) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath invoice = invoice(key, id);
            return status.equals(invoice.getString("status")) && exception.equals(invoice.getString("exception"));
        });
    }

    /** A chain.transfer.* event as wallet-service's watcher publishes it, for the option of {@code method} of the invoice. */
    static Transfer transfer(String merchantId, JsonPath invoice, String method, String amount) {
        Map<String, Object> option = invoice.getMap("payment_options.find { it.method == '" + method + "' }");
        return new Transfer(Ids.newId(IdPrefix.CHAIN_TRANSFER), merchantId, invoice.getString("id"), method,
                (String) option.get("network"), (String) option.get("currency"), (String) option.get("address"),
                new BigDecimal(amount), "0x" + Ids.newId(IdPrefix.CHAIN_TRANSFER).substring(4).replace("-", "") + "ab",
                Instant.now());
    }

    record Transfer(String id, String merchantId, String invoiceId, String method, String network, String currency,
                    String address, BigDecimal amount, String txHash, Instant detectedAt) {

        Transfer detectedAt(Instant time) {
            return new Transfer(id, merchantId, invoiceId, method, network, currency, address, amount, txHash, time);
        }

        /** The same transaction mined again after a reorg: a new transfer id, as wallet-service gives it. */
        Transfer remined() {
            return new Transfer(Ids.newId(IdPrefix.CHAIN_TRANSFER), merchantId, invoiceId, method, network, currency, address,
                    amount, txHash, detectedAt);
        }

        String publish(String type, int confirmations) {
            String status = switch (type) {
                case ChainEvents.TRANSFER_CONFIRMED -> "confirmed";
                case ChainEvents.TRANSFER_REVERTED -> "reverted";
                default -> "pending";
            };
            TransferData data = new TransferData(id, merchantId, invoiceId, "lea_test", method, network, currency, address, amount,
                    txHash, 0, 100, "0xblock", "0x000000000000000000000000000000000000dead", confirmations, 2, status, detectedAt);
            CloudEvent event = CloudEvent.of(type, "/wallet-service", merchantId, id, EventJson.toTree(data));
            MerchantFixtures.publishTo(Topics.CHAIN_EVENTS, merchantId, EventJson.write(event));
            return EventJson.write(event);
        }
    }

    /** Waits until payment.events.v1 carries an event of this type about this invoice, and returns it. */
    static CloudEvent awaitPublished(String invoiceId, String type) {
        CloudEvent[] found = new CloudEvent[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (var record : TopicReader.read(Topics.PAYMENT_EVENTS, 1, Duration.ofSeconds(5))) {
                CloudEvent event = EventJson.read(record.value());
                if (invoiceId.equals(event.subject()) && type.equals(event.type())) {
                    found[0] = event;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static long count(ShardRouter router, String merchantId, String sql) {
        return router.poolFor(merchantId).preparedQuery(sql).execute(Tuple.of(merchantId)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    /** Moves the invoice's expiry into the past, as if its time had run out. */
    static void expireNow(ShardRouter router, String merchantId, String invoiceId) {
        router.poolFor(merchantId).preparedQuery("UPDATE invoices SET expires_at = now() - interval '1 second' WHERE id = $1")
                .execute(Tuple.of(invoiceId)).await().indefinitely();
    }
}

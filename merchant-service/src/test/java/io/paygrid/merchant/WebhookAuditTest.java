package io.paygrid.merchant;

import io.paygrid.platform.contract.Topics;
import io.paygrid.platform.contract.WebhookEvents;
import io.paygrid.platform.event.CloudEvent;
import io.paygrid.platform.event.EventJson;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.paygrid.merchant.MerchantApi.asAdminFor;
import static io.paygrid.merchant.MerchantApi.createMerchant;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class WebhookAuditTest {

    @Test
    void shouldAuditAnEndpointThatWebhookServiceDisabledOnce() {
        String merchant = createMerchant("Hooked");
        WebhookEvents.EndpointDisabledData data = new WebhookEvents.EndpointDisabledData("we_01m80000000000000000000000", merchant,
                "the receiver answered 410 Gone");
        CloudEvent event = CloudEvent.of(WebhookEvents.ENDPOINT_DISABLED, "/webhook-service", merchant, data.endpointId(),
                EventJson.toTree(data));
        MerchantFixtures.publishTo(Topics.WEBHOOK_EVENTS, merchant, EventJson.write(event));
        MerchantFixtures.publishTo(Topics.WEBHOOK_EVENTS, merchant, EventJson.write(event));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdminFor(merchant)
                .get("/v1/audit-logs?action=webhook_endpoint.disabled").then().statusCode(200).body("data", hasSize(1)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> asAdminFor(merchant)
                .get("/v1/audit-logs?action=webhook_endpoint.disabled").then()
                .body("data", hasSize(1))
                .body("data[0].actor", equalTo("webhook-service"))
                .body("data[0].actor_kind", equalTo("service"))
                .body("data[0].target_id", equalTo(data.endpointId()))
                .body("data[0].after.reason", equalTo("the receiver answered 410 Gone")));
    }
}

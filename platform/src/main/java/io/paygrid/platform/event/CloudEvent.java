package io.paygrid.platform.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A CloudEvents 1.0 structured-mode JSON event. The Kafka record key is the merchant id
 * ({@link #merchantId}, also carried as the {@code paygridmerchant} extension attribute) so that one
 * merchant's events stay in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        @JsonProperty("specversion") String specVersion,
        @JsonProperty("id") String id,
        @JsonProperty("type") String type,
        @JsonProperty("source") String source,
        @JsonProperty("time") Instant time,
        @JsonProperty("subject") String subject,
        @JsonProperty("datacontenttype") String dataContentType,
        @JsonProperty("paygridmerchant") String merchantId,
        @JsonProperty("data") JsonNode data) {

    public static final String SPEC_VERSION = "1.0";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
    }

    public static CloudEvent of(String type, String source, String merchantId, String subject, JsonNode data) {
        return new CloudEvent(SPEC_VERSION, Ids.newId(IdPrefix.EVENT), type, source,
                Instant.now().truncatedTo(ChronoUnit.MICROS), subject, "application/json", merchantId, data);
    }
}

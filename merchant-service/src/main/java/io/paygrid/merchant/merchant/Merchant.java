package io.paygrid.merchant.merchant;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paygrid.platform.contract.MerchantEvents.MerchantData;
import io.paygrid.platform.event.EventJson;
import io.paygrid.platform.id.IdPrefix;
import io.paygrid.platform.id.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Entity
@Table(name = "merchants")
public class Merchant extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String DEACTIVATED = "deactivated";

    @Id
    public String id;
    public String name;
    public String email;
    @Column(name = "business_name")
    public String businessName;
    public String status;
    public String settings;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Merchant open(String name, String email, String businessName) {
        Merchant merchant = new Merchant();
        merchant.id = Ids.newId(IdPrefix.MERCHANT);
        merchant.name = name;
        merchant.email = email;
        merchant.businessName = businessName;
        merchant.status = ACTIVE;
        merchant.settings = "{}";
        merchant.replaceSettings(MerchantSettings.DEFAULTS);
        merchant.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        merchant.updatedAt = merchant.createdAt;
        return merchant;
    }

    public MerchantSettings settings() {
        try {
            return EventJson.mapper().readValue(settings, MerchantSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored settings of " + id + " are not readable", e);
        }
    }

    public void replaceSettings(MerchantSettings newSettings) {
        try {
            settings = EventJson.mapper().writeValueAsString(newSettings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        touch();
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    public void deactivate() {
        status = DEACTIVATED;
        touch();
    }

    public void touch() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public MerchantData toEventData() {
        return new MerchantData(id, name, status, EventJson.mapper().valueToTree(settings()), updatedAt);
    }
}

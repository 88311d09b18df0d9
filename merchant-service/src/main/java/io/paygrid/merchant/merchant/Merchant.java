package io.paygrid.merchant.merchant;

import io.paygrid.platform.contract.MerchantEvents.MerchantData;
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
        merchant.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        merchant.updatedAt = merchant.createdAt;
        return merchant;
    }

    public MerchantData toEventData() {
        return new MerchantData(id, name, status, updatedAt);
    }
}

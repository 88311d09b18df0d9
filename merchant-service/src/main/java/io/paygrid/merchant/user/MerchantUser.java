package io.paygrid.merchant.user;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "merchant_users")
public class MerchantUser extends PanacheEntityBase {

    /** The OIDC token's {@code sub}. */
    @Id
    public String subject;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "created_at")
    public Instant createdAt;
}

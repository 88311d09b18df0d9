package io.paygrid.merchant.audit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One administrative action. Rows are only ever inserted (a trigger refuses updates and deletes). */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "merchant_id")
    public String merchantId;
    public String actor;
    @Column(name = "actor_kind")
    public String actorKind;
    public String action;
    @Column(name = "target_type")
    public String targetType;
    @Column(name = "target_id")
    public String targetId;
    public String ip;
    @Column(name = "user_agent")
    public String userAgent;
    /** JSON of the target before the action; never holds a secret. */
    public String before;
    /** JSON of the target after the action; never holds a secret. */
    public String after;
    @Column(name = "created_at")
    public Instant createdAt;
}

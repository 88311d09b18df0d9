package io.paygrid.merchant.user;

import io.paygrid.merchant.audit.AuditTrail;
import io.paygrid.merchant.merchant.MerchantRepository;
import io.paygrid.merchant.messaging.MerchantEventsOutbox;
import io.paygrid.platform.auth.Caller;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.error.CommonError;
import io.paygrid.platform.error.DomainException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Links OIDC users (by token subject) to the one merchant they act for, announced to every service. */
@ApplicationScoped
public class MerchantUserService {

    private final MerchantRepository merchants;
    private final AuditTrail audit;

    MerchantUserService(MerchantRepository merchants, AuditTrail audit) {
        this.merchants = merchants;
        this.audit = audit;
    }

    public Uni<MerchantUser> link(Caller caller, String merchantId, String subject) {
        return Panache.withTransaction(() -> merchants.findExisting(merchantId)
                .chain(merchant -> MerchantUser.<MerchantUser>findById(subject))
                .chain(existing -> {
                    if (existing != null && !existing.merchantId.equals(merchantId)) {
                        throw new DomainException(CommonError.VALIDATION_FAILED,
                                "This subject already acts for another merchant; unlink it there first.").onField("subject");
                    }
                    if (existing != null) {
                        return Uni.createFrom().item(existing);
                    }
                    MerchantUser user = new MerchantUser();
                    user.subject = subject;
                    user.merchantId = merchantId;
                    user.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return user.<MerchantUser>persist()
                            .chain(() -> announce(MerchantEvents.MERCHANT_USER_LINKED, user))
                            .chain(() -> audit.record(caller, merchantId, "merchant.user_linked", "merchant_user", subject,
                                    null, MerchantUserView.of(user)))
                            .replaceWith(user);
                }));
    }

    public Uni<Void> unlink(Caller caller, String merchantId, String subject) {
        return Panache.withTransaction(() -> MerchantUser.<MerchantUser>find("subject = ?1 and merchantId = ?2", subject, merchantId)
                .firstResult()
                .onItem().ifNull().failWith(() -> DomainException.notFound("merchant user", subject))
                .chain(user -> user.delete()
                        .chain(() -> announce(MerchantEvents.MERCHANT_USER_UNLINKED, user))
                        .chain(() -> audit.record(caller, merchantId, "merchant.user_unlinked", "merchant_user", subject,
                                MerchantUserView.of(user), null))));
    }

    private static Uni<Void> announce(String type, MerchantUser user) {
        return MerchantEventsOutbox.announce(type, user.merchantId, user.subject,
                new MerchantEvents.MerchantUserData(user.merchantId, user.subject));
    }

    public record MerchantUserView(String object, String merchantId, String subject, Instant createdAt) {
        static MerchantUserView of(MerchantUser user) {
            return new MerchantUserView("merchant_user", user.merchantId, user.subject, user.createdAt);
        }
    }
}

package io.paygrid.platform.json;

import io.paygrid.platform.contract.AddressLeases;
import io.paygrid.platform.contract.ChainEvents;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.contract.PaymentEvents;
import io.paygrid.platform.contract.WalletEvents;
import io.paygrid.platform.contract.WebhookEvents;
import io.paygrid.platform.error.FieldError;
import io.paygrid.platform.error.Problem;
import io.paygrid.platform.event.CloudEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types Jackson reads and writes outside a REST signature (events through {@link io.paygrid.platform.event.EventJson},
 * problems written by the exception mappers), which a native image must know by name.
 */
@RegisterForReflection(targets = {CloudEvent.class, Problem.class, FieldError.class,
        MerchantEvents.MerchantData.class, MerchantEvents.ApiKeyData.class, MerchantEvents.MerchantUserData.class,
        MerchantEvents.ApiKeyUsageData.class, MerchantEvents.ApiRequestsData.class,
        MerchantEvents.RequestStats.class, ChainEvents.TransferData.class, PaymentEvents.PaymentData.class,
        PaymentEvents.RefundData.class, WalletEvents.LedgerEntryData.class, WalletEvents.DerivationSchemeData.class,
        WalletEvents.GapLimitData.class, AddressLeases.LeaseRequest.class, AddressLeases.Lease.class,
        WebhookEvents.DeliveryOutcomeData.class, WebhookEvents.EndpointDisabledData.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

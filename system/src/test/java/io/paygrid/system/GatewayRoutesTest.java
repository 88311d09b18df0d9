package io.paygrid.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayRoutesTest {

    private final GatewayRoutes routes = GatewayRoutes.standard();

    @Test
    void shouldRouteEveryPathOfTheApiContractToItsService() {
        assertThat(routes.serviceFor("/v1/merchants/me")).contains("merchant-service");
        assertThat(routes.serviceFor("/v1/api-keys/key_1/roll")).contains("merchant-service");
        assertThat(routes.serviceFor("/v1/audit-logs")).contains("merchant-service");
        assertThat(routes.serviceFor("/v1/invoices")).contains("payment-service");
        assertThat(routes.serviceFor("/v1/invoices/inv_1/events")).contains("payment-service");
        assertThat(routes.serviceFor("/v1/payments")).contains("payment-service");
        assertThat(routes.serviceFor("/v1/refunds/re_1")).contains("payment-service");
        assertThat(routes.serviceFor("/v1/customers")).contains("payment-service");
        assertThat(routes.serviceFor("/checkout/inv_1")).contains("payment-service");
        assertThat(routes.serviceFor("/v1/networks")).contains("wallet-service");
        assertThat(routes.serviceFor("/v1/currencies")).contains("wallet-service");
        assertThat(routes.serviceFor("/v1/rates")).contains("wallet-service");
        assertThat(routes.serviceFor("/v1/wallets/wal_1/ledger")).contains("wallet-service");
        assertThat(routes.serviceFor("/v1/derivation-schemes")).contains("wallet-service");
        assertThat(routes.serviceFor("/v1/webhook-endpoints/we_1/rotate-secret")).contains("webhook-service");
        assertThat(routes.serviceFor("/v1/events/evt_1")).contains("webhook-service");
        assertThat(routes.serviceFor("/v1/webhook-deliveries/wd_1/redeliver")).contains("webhook-service");
        assertThat(routes.serviceFor("/v1/analytics/summary")).contains("analytics-service");
    }

    @Test
    void shouldMatchWholeSegmentsOnlyAndRefuseEverythingElse() {
        assertThat(routes.serviceFor("/v1/invoicesX")).isEmpty();
        assertThat(routes.serviceFor("/v1")).isEmpty();
        assertThat(routes.serviceFor("/q/health")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices/../../q/metrics")).isEmpty();
        assertThat(routes.serviceFor("/")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices/%2e%2e/%2E%2E/q/metrics")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices/..%2fq/metrics")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices/%252e%252e/q")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices/.")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices//x")).isEmpty();
        assertThat(routes.serviceFor("/v1/invoices\\..\\q")).isEmpty();
    }
}

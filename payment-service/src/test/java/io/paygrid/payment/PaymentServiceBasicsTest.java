package io.paygrid.payment;

import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class PaymentServiceBasicsTest extends ServiceBasicsTest {

    @Override
    protected String listPath() {
        return "/v1/invoices";
    }
}

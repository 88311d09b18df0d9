package io.paygrid.merchant;

import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class MerchantServiceBasicsTest extends ServiceBasicsTest {

    @Override
    protected String listPath() {
        return "/v1/api-keys";
    }
}

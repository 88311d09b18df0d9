package io.paygrid.analytics;

import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class AnalyticsServiceBasicsTest extends ServiceBasicsTest {

    @Override
    protected String listPath() {
        return "/v1/analytics/timeseries?metric=payment_volume";
    }
}

package io.paygrid.analytics.timeseries;

import java.math.BigDecimal;
import java.time.Instant;

public record TimeseriesPoint(Instant bucket, long count, BigDecimal sum, BigDecimal min, BigDecimal max) {

    public BigDecimal average() {
        return count == 0 ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(count), 18, java.math.RoundingMode.HALF_EVEN);
    }
}

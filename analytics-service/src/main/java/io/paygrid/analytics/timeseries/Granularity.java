package io.paygrid.analytics.timeseries;

import java.time.Duration;

public enum Granularity {
    HOUR("hour", Duration.ofDays(31)),
    DAY("day", Duration.ofDays(366));

    private final String sqlUnit;
    private final Duration maxRange;

    Granularity(String sqlUnit, Duration maxRange) {
        this.sqlUnit = sqlUnit;
        this.maxRange = maxRange;
    }

    public String sqlUnit() {
        return sqlUnit;
    }

    /** The widest range one request may ask for, so one answer stays a few hundred points at most. */
    public Duration maxRange() {
        return maxRange;
    }
}

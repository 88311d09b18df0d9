package io.paygrid.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** analytics-service's settings: {@code paygrid.analytics.*}. */
@ConfigMapping(prefix = "paygrid.analytics")
public interface AnalyticsConfig {

    /** How long raw metric points are kept; rollups are kept for good. */
    @WithDefault("90d")
    Duration retention();

    /** Daily partitions made ahead of today. */
    @WithName("partitions-ahead")
    @WithDefault("7")
    int partitionsAhead();
}

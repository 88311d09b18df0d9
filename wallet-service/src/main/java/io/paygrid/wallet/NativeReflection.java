package io.paygrid.wallet;

import io.paygrid.wallet.address.DerivationSchemeResource;
import io.paygrid.wallet.rate.RateQuote;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Responses written by hand for idempotent replays, and rate answers kept as JSON, named for a native image. */
@RegisterForReflection(targets = {DerivationSchemeResource.SchemeView.class, DerivationSchemeResource.RegisterRequest.class,
        RateQuote.SourceAnswer.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

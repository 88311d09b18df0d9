package io.paygrid.merchant;

import io.paygrid.merchant.apikey.ApiKeyResource;
import io.paygrid.merchant.apikey.ApiKeyView;
import io.paygrid.merchant.merchant.MerchantResource;
import io.paygrid.merchant.merchant.MerchantView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Responses written by hand for idempotent replays (not a REST return type), named for a native image. */
@RegisterForReflection(targets = {ApiKeyView.class, MerchantView.class, ApiKeyResource.CreateApiKeyRequest.class,
        ApiKeyResource.RollRequest.class, MerchantResource.CreateMerchantRequest.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}

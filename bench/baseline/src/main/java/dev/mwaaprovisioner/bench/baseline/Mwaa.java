package dev.mwaaprovisioner.bench.baseline;

import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.services.mwaa.MwaaClient;

/** The default MWAA client, but able to reach an endpoint override on 127.0.0.1. */
final class Mwaa {

    private Mwaa() {
    }

    static MwaaClient defaultClient() {
        return MwaaClient.builder()
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }
}

package io.paygrid.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST layer's ObjectMapper writes decimals as strings too. */
@Singleton
public class DecimalStringsCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(DecimalStrings.module());
    }
}

package io.paygrid.platform.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * Amounts and rates on the wire are decimal strings in plain notation ({@code "2000"}, never {@code 2E+3}
 * or a JSON number a client might read into a double), in the API and in events alike.
 */
public final class DecimalStrings {

    private DecimalStrings() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("paygrid-decimal-strings");
        module.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(value.toPlainString());
            }
        });
        return module;
    }
}

package io.paygrid.payment;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.paygrid.platform.contract.MerchantEvents;
import io.paygrid.platform.event.EventJson;
import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(WalletTestResource.class)
class CheckoutPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TestHTTPResource("/")
    URL base;

    private JsonPath brandedInvoice(MerchantFixtures.TestMerchant merchant) {
        var settings = EventJson.mapper().createObjectNode();
        settings.putObject("branding").put("display_name", "Harbour Tickets").put("primary_color", "#0a7d4f");
        MerchantFixtures.publish(MerchantEvents.MERCHANT_UPDATED, merchant.id(),
                new MerchantEvents.MerchantData(merchant.id(), "Harbour Tickets Ltd", "active", settings, Instant.now()));
        return PaymentFixtures.createInvoice(merchant.key(), """
                {"amount": "25.00", "currency": "USD", "payment_methods": ["eth-devnet", "btc-bitcoin"],
                 "order_id": "SECRET-ORDER-42", "description": "2 concert tickets", "metadata": {"internal": "do-not-show"},
                 "customer": {"email": "buyer@example.com"}}""");
    }

    @Test
    void shouldShowAPayerWhatToPayAndNothingMoreWithoutAKey() {
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = brandedInvoice(merchant);
        String id = invoice.getString("id");
        String address = invoice.getString("payment_options.find { it.method == 'eth-devnet' }.address");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/checkout/" + id).asString().contains("Harbour Tickets"));
        given().get("/checkout/" + id).then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'nonce-"))
                .body(containsString("25.00 USD")).body(containsString(address)).body(containsString("0.0125"))
                .body(containsString("2 concert tickets")).body(containsString("<svg"))
                .body(not(containsString("SECRET-ORDER-42"))).body(not(containsString("do-not-show")))
                .body(not(containsString("buyer@example.com"))).body(not(containsString(merchant.id())));
        given().get("/checkout/" + id + "/status").then().statusCode(200).body("status", equalTo("open"))
                .body("amount_due", equalTo("25.00")).body("$", not(org.hamcrest.Matchers.hasKey("metadata")));
        given().get("/checkout/inv_0190a0c4d5e67f00a1b2c3d4e5f60718").then().statusCode(404).contentType(containsString("text/html"));
        given().get("/checkout/<script>").then().statusCode(404);
        given().get("/checkout/inv_0190a0c4d5e67f00a1b2c3d4e5f60718/status").then().statusCode(404);
    }

    /**
     * The page in a real browser: headless Chromium renders it at phone size; the QR code in the screenshot decodes
     * to the option's payment URI, and the script has started the countdown and asked for the status.
     */
    @Test
    void shouldRenderInChromiumWithAQrCodeThatDecodesToThePaymentUri() throws Exception {
        boolean inCi = System.getenv("CI") != null;
        if (inCi) {
            assertThat(CHROMIUM).as("CI installs Debian's chromium (.ci/run)").exists();
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed here");
        MerchantFixtures.TestMerchant merchant = PaymentFixtures.merchant();
        JsonPath invoice = brandedInvoice(merchant);
        String uri = invoice.getString("payment_options[0].payment_uri");
        String url = base.toString().replaceAll("/$", "") + "/checkout/" + invoice.getString("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get(url).asString().contains("Harbour Tickets"));

        Path screenshot = Path.of("target/checkout-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        run(List.of("--screenshot=" + screenshot, "--window-size=412,1100", "--hide-scrollbars", url));
        assertThat(screenshot).exists();
        BufferedImage image = ImageIO.read(screenshot.toFile());
        String decoded = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        assertThat(decoded).isEqualTo(uri);

        String dom = run(List.of("--dump-dom", "--virtual-time-budget=4000", url));
        assertThat(dom).contains("Harbour Tickets").contains("25.00 USD");
        assertThat(dom).doesNotContain(">--:--<");
        assertThat(dom).containsPattern("id=\"countdown\"[^>]*>\\d+:\\d{2}");
    }

    private static String run(List<String> args) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}

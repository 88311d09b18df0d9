package io.paygrid.wallet;

import io.paygrid.testing.MerchantFixtures;
import io.paygrid.testing.PayGridTestResource;
import io.paygrid.testing.ServiceBasicsTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
@WithTestResource(DevnetTestResource.class)
class NetworkListTest {

    @Test
    void shouldListTheNetworksOfTheContract() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("wallets:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/networks");
        given().auth().oauth2(merchant.key()).get("/v1/networks").then()
                .statusCode(200)
                .body("data.id", hasItems("bitcoin", "bitcoin-testnet", "ethereum", "sepolia", "polygon", "bsc", "devnet"))
                .body("data.find { it.id == 'devnet' }.chain_id", equalTo(31337))
                .body("data.find { it.id == 'ethereum' }.required_confirmations", equalTo(12))
                .body("data.find { it.id == 'devnet' }.required_confirmations", equalTo(2))
                .body("data.find { it.id == 'devnet' }.watched", equalTo(true))
                .body("has_more", equalTo(false));
    }

    @Test
    void shouldListCurrenciesWithTheConfiguredDevnetToken() {
        MerchantFixtures.TestMerchant merchant = MerchantFixtures.activeMerchant(List.of("wallets:read"));
        ServiceBasicsTest.awaitKey(merchant.key(), "/v1/currencies");
        given().auth().oauth2(merchant.key()).get("/v1/currencies").then()
                .statusCode(200)
                .body("data.method", hasItems("eth-ethereum", "usdc-ethereum", "btc-bitcoin", "eth-devnet", "usdc-devnet"))
                .body("data.find { it.method == 'usdc-devnet' }.contract_address", equalTo(DevnetTestResource.usdc().address()))
                .body("data.find { it.method == 'usdc-devnet' }.decimals", equalTo(6))
                .body("data.find { it.method == 'usdc-bsc' }.decimals", equalTo(18));
    }
}

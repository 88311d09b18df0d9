package io.paygrid.merchant;

import io.paygrid.testing.PayGridTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

/** merchant-service's API as the tests drive it: the platform admin sets merchants up, keys do the rest. */
final class MerchantApi {

    static final String ADMIN = PayGridTestResource.ADMIN_KEY;

    private MerchantApi() {
    }

    static RequestSpecification asAdminFor(String merchantId) {
        return given().auth().oauth2(ADMIN).header("PayGrid-Merchant", merchantId).contentType(ContentType.JSON);
    }

    static RequestSpecification as(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON);
    }

    static String createMerchant(String name) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "email", name.toLowerCase() + "@example.com", "business_name", name + " Ltd"))
                .post("/v1/merchants").then()
                .statusCode(201).body("id", startsWith("mer_"))
                .extract().path("id");
    }

    /** A key of the merchant: {@code [id, secret]}. */
    static String[] createKey(String merchantId, List<String> scopes) {
        var response = asAdminFor(merchantId)
                .body(Map.of("name", "server", "scopes", scopes, "mode", "test"))
                .post("/v1/api-keys").then().statusCode(201).extract();
        return new String[]{response.path("id"), response.path("secret")};
    }
}

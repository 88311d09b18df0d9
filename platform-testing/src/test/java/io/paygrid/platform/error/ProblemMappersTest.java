package io.paygrid.platform.error;

import io.paygrid.testing.PayGridTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(PayGridTestResource.class)
class ProblemMappersTest {

    @Test
    void shouldAnswerBadJsonWith400ProblemJson() {
        given().contentType("application/json").body("{\"item_name\": ").post("/test/items").then().log().ifValidationFails().log().ifValidationFails()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"))
                .body("status", equalTo(400));
        given().contentType("application/json").body("{\"item_name\": [1], \"amount\": \"1\", \"currency\": \"USD\"}")
                .post("/test/items").then().log().ifValidationFails()
                .statusCode(400).body("code", equalTo("malformed_json")).body("errors.field", hasItem("item_name"));
        given().contentType("application/json").body("{\"item_name\": \"a\", \"amount\": \"1\", \"currency\": \"USD\", \"surprise\": 1}")
                .post("/test/items").then().log().ifValidationFails()
                .statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void shouldListFieldErrorsOfBeanValidationInSnakeCase() {
        given().contentType("application/json").body("{\"item_name\": \"\", \"currency\": \"USD\"}").post("/test/items").then().log().ifValidationFails()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.field", hasItem("item_name"))
                .body("errors.field", hasItem("amount"));
    }

    @Test
    void shouldMapMoneyRulesToClientErrors() {
        given().contentType("application/json").body("{\"item_name\": \"a\", \"amount\": \"1.001\", \"currency\": \"USD\"}")
                .post("/test/items").then().log().ifValidationFails().statusCode(422).body("code", equalTo("amount_too_precise"));
        given().contentType("application/json").body("{\"item_name\": \"a\", \"amount\": \"1e3\", \"currency\": \"USD\"}")
                .post("/test/items").then().log().ifValidationFails().statusCode(400).body("code", equalTo("invalid_amount"));
        given().contentType("application/json").body("{\"item_name\": \"a\", \"amount\": \"1.50\", \"currency\": \"usd\"}")
                .post("/test/items").then().log().ifValidationFails().statusCode(200).body("amount", equalTo("1.50")).body("currency", equalTo("USD"));
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithProblemJson() {
        given().get("/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("resource_not_found"));
        given().delete("/test/items").then().statusCode(405).contentType("application/problem+json");
        given().contentType("text/plain").body("hi").post("/test/items").then().log().ifValidationFails().statusCode(415);
    }

    @Test
    void shouldAnswerParametersOfTheWrongFormWith400NotWith404() {
        Map<String, String> failed = Map.of("/test/numbers/1?limit=abc", "limit", "/test/numbers/abc", "n",
                "/test/numbers/1?limit=99999999999", "limit");
        failed.forEach((path, field) -> given().get(path).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed")).body("errors.field", equalTo(List.of(field)))
                .body("errors[0].code", equalTo("invalid_type")));
        given().get("/test/numbers/7?limit=3").then().statusCode(200).body("n", equalTo(7)).body("limit", equalTo(3));
        given().get("/test/numbers/7/more").then().statusCode(404).body("code", equalTo("resource_not_found"));
    }

    @Test
    void shouldHideInternalDetailsOfUnexpectedErrors() {
        given().get("/test/boom").then().statusCode(500).contentType("application/problem+json")
                .body("code", equalTo("internal_error"))
                .body(not(containsString("hunter2")))
                .body(not(containsString("IllegalStateException")));
    }
}

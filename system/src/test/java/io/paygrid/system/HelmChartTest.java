package io.paygrid.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart, without a cluster: Helm 3 (in-process) lints and renders it, and what it renders is read
 * back as Kubernetes objects and checked against what PayGrid needs. {@code k8s/paygrid.yaml} is the default
 * render; after a chart change, regenerate it with {@code ./mvnw -pl system test -Dtest=HelmChartTest -Dpaygrid.k8s.write=true}.
 */
class HelmChartTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CHART = PROJECT.resolve("helm/paygrid");
    private static final Path HA_VALUES = CHART.resolve("values-ha-3-shards.yaml");
    private static final Path RENDERED = PROJECT.resolve("k8s/paygrid.yaml");
    private static final List<String> SERVICES = List.of("merchant-service", "payment-service", "wallet-service",
            "webhook-service", "analytics-service");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldLintStrictlyWithDefaultValues() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void shouldLintStrictlyWithTheThreeShardHighAvailabilityValues(@TempDir Path copy) throws IOException {
        Path chart = copyChart(copy);
        Files.writeString(chart.resolve("values.yaml"), YAML.writeValueAsString(
                merge(YAML.readTree(CHART.resolve("values.yaml").toFile()), YAML.readTree(HA_VALUES.toFile()))));
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void shouldRenderValidObjectsWithProbesLimitsAndMatchingServices() {
        List<HasMetadata> objects = parse(render(null));
        List<Deployment> deployments = ofKind(objects, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "paygrid-" + s).toList());
        for (Deployment deployment : deployments) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String name = deployment.getMetadata().getName();
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/ready");
            assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(container.getEnv()).as(name + ": plain settings live in the ConfigMap, env holds only Secret references")
                    .allSatisfy(env -> {
                        assertThat(env.getValue()).as(env.getName()).isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                    });
        }
        for (Service service : ofKind(objects, Service.class)) {
            assertThat(deployments).as("a Deployment selected by Service " + service.getMetadata().getName())
                    .anySatisfy(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                            .containsAllEntriesOf(service.getSpec().getSelector()));
        }
        assertThat(ofKind(objects, Service.class)).hasSize(SERVICES.size());
        assertThat(ofKind(objects, HorizontalPodAutoscaler.class)).hasSize(SERVICES.size());
        assertThat(ofKind(objects, PodDisruptionBudget.class)).hasSize(SERVICES.size());
        assertThat(ofKind(objects, NetworkPolicy.class)).hasSize(SERVICES.size());
        assertThat(objects).as("operators' resources are opt-in")
                .noneSatisfy(o -> assertThat(o.getKind()).isIn("Kafka", "Cluster", "KeycloakRealmImport", "ServiceMonitor", "PrometheusRule"));
    }

    @Test
    void shouldRouteExactlyTheGatewaysPublicPathsThroughTheIngress() {
        Ingress ingress = ofKind(parse(render(null)), Ingress.class).get(0);
        Map<String, String> routed = new LinkedHashMap<>();
        ingress.getSpec().getRules().get(0).getHttp().getPaths().forEach(path -> {
            assertThat(path.getPathType()).isEqualTo("Prefix");
            routed.put(path.getPath(), path.getBackend().getService().getName().replaceFirst("^paygrid-", ""));
        });
        assertThat(routed).isEqualTo(GatewayRoutes.standard().asMap());
        assertThat(routed.keySet()).noneMatch(path -> path.startsWith("/internal") || path.startsWith("/q"));
    }

    @Test
    void shouldLetOnlyPaymentServiceReachWalletServiceInside() {
        List<NetworkPolicy> policies = ofKind(parse(render(null)), NetworkPolicy.class);
        NetworkPolicy wallet = policies.stream().filter(p -> p.getMetadata().getName().equals("paygrid-wallet-service")).findFirst().orElseThrow();
        assertThat(wallet.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
                .filter(peer -> peer.getPodSelector() != null))
                .singleElement().satisfies(peer ->
                        assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "payment-service"));
        for (NetworkPolicy policy : policies) {
            assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom()).as("no allow-all rule").isNotEmpty()
                    .allSatisfy(peer -> assertThat(peer.getPodSelector() != null || peer.getNamespaceSelector() != null).isTrue()));
            long podPeers = policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
                    .filter(peer -> peer.getPodSelector() != null).count();
            assertThat(podPeers).as(policy.getMetadata().getName())
                    .isEqualTo(policy.getMetadata().getName().equals("paygrid-wallet-service") ? 1 : 0);
        }
    }

    @Test
    void shouldPointEveryServiceAtTheKafkaAndDatabasesTheOperatorsCreate() {
        List<HasMetadata> objects = parse(render("prod", HA_VALUES));
        String kafka = objects.stream().filter(o -> o.getKind().equals("Kafka")).findFirst().orElseThrow().getMetadata().getName();
        Map<String, List<String>> databasesOfCluster = new LinkedHashMap<>();
        objects.stream().filter(o -> o.getKind().equals("Cluster")).map(GenericKubernetesResource.class::cast).forEach(cluster -> {
            List<String> created = new ArrayList<>();
            YAML.valueToTree(cluster.getAdditionalProperties().get("spec")).path("bootstrap").path("initdb").path("postInitSQL")
                    .forEach(sql -> created.add(sql.asText().split(" ")[2]));
            databasesOfCluster.put(cluster.getMetadata().getName(), created);
        });
        List<ConfigMap> configs = ofKind(objects, ConfigMap.class);
        assertThat(configs).hasSize(SERVICES.size());
        for (ConfigMap config : configs) {
            assertThat(config.getData()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", kafka + "-kafka-bootstrap:9092");
            config.getData().entrySet().stream()
                    .filter(e -> e.getKey().equals("QUARKUS_DATASOURCE_REACTIVE_URL") || e.getKey().matches("PAYGRID_SHARDS_\\d+__URL"))
                    .forEach(e -> {
                        URI url = URI.create(e.getValue());
                        String cluster = url.getHost().replaceFirst("-rw$", "");
                        assertThat(databasesOfCluster).as(config.getMetadata().getName() + " " + e.getKey()).containsKey(cluster);
                        assertThat(databasesOfCluster.get(cluster)).as(e.getValue()).contains(url.getPath().substring(1));
                    });
        }
    }

    @Test
    void shouldConfigureThreeShardsOperatorsAndWatchedChainsFromValuesAlone() {
        List<HasMetadata> objects = parse(render(HA_VALUES));
        ConfigMap payment = ofKind(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("paygrid-payment-service")).findFirst().orElseThrow();
        assertThat(payment.getData()).containsEntry("PAYGRID_SHARDS_2__URL", "postgresql://paygrid-shard-2-rw:5432/paygrid_payment")
                .containsEntry("PAYGRID_OIDC_ENABLED", "true").doesNotContainKey("PAYGRID_SHARDS_3__URL");
        Deployment wallet = ofKind(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("paygrid-wallet-service")).findFirst().orElseThrow();
        assertThat(wallet.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName())
                .contains("PAYGRID_SHARDS_2__PASSWORD", "PAYGRID_AUTH_SERVICE_TOKEN", "paygrid.chains.ethereum.rpc-url",
                        "paygrid.chains.bitcoin.esplora-url", "paygrid.chains.bitcoin-testnet.esplora-url");
        assertThat(ofKind(objects, HorizontalPodAutoscaler.class))
                .allSatisfy(hpa -> assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3));
        assertThat(objects.stream().filter(o -> o.getKind().equals("Cluster"))).hasSize(4);
        assertThat(objects.stream().filter(o -> o.getKind().equals("Kafka"))).hasSize(1);
        assertThat(objects.stream().filter(o -> o.getKind().equals("KafkaTopic"))).hasSize(6);
        assertThat(objects.stream().filter(o -> o.getKind().equals("ServiceMonitor"))).singleElement()
                .satisfies(monitor -> assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack"));
        GenericKubernetesResource realm = (GenericKubernetesResource) objects.stream()
                .filter(o -> o.getKind().equals("KeycloakRealmImport")).findFirst().orElseThrow();
        assertThat(realm.getAdditionalProperties().get("spec").toString()).contains("realm=paygrid");
    }

    /**
     * The alerts: each one scoped to the release's namespace, with a severity and words for whoever is paged, and
     * PromQL whose brackets pair up (Prometheus itself checks the rest when it loads the rule; the metric names are
     * checked against what the running services export in {@link LocalSystemTest}).
     */
    @Test
    void shouldRenderAlertsForEveryServiceScopedToTheRelease() {
        List<JsonNode> rules = alertRules();
        assertThat(rules).extracting(rule -> rule.path("alert").asText()).doesNotHaveDuplicates()
                .contains("PayGridInstanceDown", "PayGridOutboxStuck", "PayGridConsumerStalled", "PayGridLedgerExceptions",
                        "PayGridApiServerErrors");
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            String expr = rule.path("expr").asText();
            assertThat(expr).as(alert).contains("namespace=\"paygrid\"").doesNotContain("{{", "}}");
            for (String[] pair : new String[][] {{"(", ")"}, {"{", "}"}, {"[", "]"}}) {
                assertThat(expr.chars().filter(c -> c == pair[0].charAt(0)).count()).as(alert + " " + pair[0] + pair[1])
                        .isEqualTo(expr.chars().filter(c -> c == pair[1].charAt(0)).count());
            }
            assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
        }
        assertThat(rules.stream().filter(rule -> rule.path("alert").asText().equals("PayGridInstanceDown")))
                .singleElement().satisfies(rule -> assertThat(rule.path("expr").asText())
                        .contains("paygrid-(merchant|payment|wallet|webhook|analytics)-service"));
    }

    /** The rules of the PrometheusRule the three-shard values turn on, as Prometheus would load them. */
    static List<JsonNode> alertRules() {
        HasMetadata rule = parse(render(HA_VALUES)).stream().filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        JsonNode spec = YAML.valueToTree(((GenericKubernetesResource) rule).getAdditionalProperties().get("spec"));
        List<JsonNode> rules = new ArrayList<>();
        spec.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    @Test
    void shouldKeepK8sManifestsEqualToTheDefaultRender() throws IOException {
        String rendered = render(null);
        if (Boolean.getBoolean("paygrid.k8s.write")) {
            Files.writeString(RENDERED, rendered);
        }
        assertThat(Files.readString(RENDERED)).as("k8s/paygrid.yaml is stale: regenerate it (see this test's Javadoc)")
                .isEqualTo(rendered);
    }

    private static String render(Path valuesFile) {
        return render("paygrid", valuesFile);
    }

    private static String render(String release, Path valuesFile) {
        var template = new Helm(CHART).template().withName(release).withNamespace("paygrid");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return template.call();
    }

    private static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            try {
                KubernetesResource resource = YAML.readValue(document, KubernetesResource.class);
                assertThat(resource).as(document).isInstanceOf(HasMetadata.class);
                if (!(resource instanceof GenericKubernetesResource)) {
                    assertEveryFieldKnown(resource, ((HasMetadata) resource).getKind());
                }
                objects.add((HasMetadata) resource);
            } catch (IOException e) {
                throw new UncheckedIOException("Not a Kubernetes object:\n" + document, e);
            }
        }
        return objects;
    }

    /**
     * The Kubernetes model keeps fields it does not know in {@code additionalProperties}: a misspelt field would
     * parse and then be ignored by the API server. None may be left there, at any depth.
     */
    private static void assertEveryFieldKnown(Object node, String path) {
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
            if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    assertEveryFieldKnown(list.get(i), path + "[" + i + "]");
                }
            }
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as("unknown fields at " + path).isNullOrEmpty();
            } else if (!(value instanceof Map<?, ?>) && !(value instanceof String)) {
                assertEveryFieldKnown(value, path + "." + getter.getName().substring(3));
            }
        }
    }

    private static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Helm's merge of a values file over the defaults: maps merge, everything else replaces. */
    private static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode merged) || !overlay.isObject()) {
            return overlay;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            merged.set(field.getKey(), merged.has(field.getKey()) ? merge(merged.get(field.getKey()), field.getValue()) : field.getValue());
        }
        return merged;
    }

    private static Path copyChart(Path target) throws IOException {
        Path chart = target.resolve("paygrid");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path copy = chart.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return chart;
    }
}

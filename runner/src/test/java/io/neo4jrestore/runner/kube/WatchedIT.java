package io.neo4jrestore.runner.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.neo4jrestore.testenv.ControlPlane;
import io.neo4jrestore.testenv.ControlPlaneExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Watches} on the real API server: changes arrive as they happen; a watch that is refused,
 * dropped or too old is replaced as documented. Faults are injected by an OkHttp interceptor.
 */
@ExtendWith(ControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchedIT {
  private static final Duration POLL = Duration.ofSeconds(2);

  private ControlPlane cp;
  private RawApi admin;

  @BeforeAll
  void setUp(ControlPlane controlPlane) {
    LenientJson.install();
    cp = controlPlane;
    admin = new RawApi(cp.admin());
  }

  /** Counts list and watch requests; answers the first {@code refuse} watches with a status. */
  private static final class Requests implements Interceptor {
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger watches = new AtomicInteger();
    private final int refuse;
    private final int code;

    Requests(int refuse, int code) {
      this.refuse = refuse;
      this.code = code;
    }

    @Override
    public Response intercept(Chain chain) throws java.io.IOException {
      var request = chain.request();
      // the shared REST layer asks with watch=1; "true" is the same to the server
      String flag = request.url().queryParameter("watch");
      boolean watch = "1".equals(flag) || "true".equals(flag);
      if (!watch) {
        if ("GET".equals(request.method())) {
          lists.incrementAndGet();
        }
        return chain.proceed(request);
      }
      if (watches.incrementAndGet() > refuse) {
        return chain.proceed(request);
      }
      // 200 with an empty body: the stream ended at once (a dropped connection, a proxy timeout)
      String body = code == 200 ? "" : "{\"kind\":\"Status\",\"code\":" + code + "}";
      return new Response.Builder()
          .request(request)
          .protocol(Protocol.HTTP_1_1)
          .code(code)
          .message("injected")
          .body(ResponseBody.create(body, MediaType.get("application/json")))
          .build();
    }
  }

  private RawApi client(ApiClient base, Interceptor interceptor) {
    base.setHttpClient(base.getHttpClient().newBuilder().addInterceptor(interceptor).build());
    return new RawApi(base);
  }

  private void pod(String ns, String name) throws Exception {
    admin.post(
        "/api/v1/namespaces/" + ns + "/pods",
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Pod",
            "metadata",
            Map.of("name", name, "labels", Map.of("app", "watched")),
            "spec",
            Map.of("containers", List.of(Map.of("name", "c", "image", "busybox")))),
        Map.of());
  }

  /** Waits for changes until {@code pods} has {@code n} items; returns how long it took. */
  private static Duration until(Watches w, Watched<V1Pod> pods, int n) throws Exception {
    long t0 = System.nanoTime();
    long end = t0 + Duration.ofSeconds(20).toNanos();
    while (pods.items().size() != n) {
      assertTrue(System.nanoTime() < end, "still " + pods.items().size() + " pods, not " + n);
      w.awaitChange(Duration.ofSeconds(1));
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Test
  void a_change_is_seen_as_it_happens_not_at_the_next_poll() throws Exception {
    String ns = cp.createNamespace("watched");
    Requests requests = new Requests(0, 0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (Watches w =
        new Watches(
            client(ControlPlane.client(cp.adminKubeconfig()), requests), POLL, true, log::add)) {
      Watched<V1Pod> pods = w.pods(ns, "app=watched");
      assertEquals(0, pods.items().size());
      pod(ns, "p1");
      until(w, pods, 1);
      admin.call("DELETE", "/api/v1/namespaces/" + ns + "/pods/p1", null, null, Map.of());
      Duration seen = until(w, pods, 0);
      assertTrue(seen.compareTo(Duration.ofMillis(1500)) < 0, "seen after " + seen);
      assertEquals(1, requests.lists.get(), "one list, then only the watch");
      assertEquals(List.of(), log);
    }
  }

  @Test
  void an_expired_version_lists_again_and_watches_from_the_new_one() throws Exception {
    String ns = cp.createNamespace("watched");
    Requests requests = new Requests(1, 410);
    try (Watches w =
        new Watches(
            client(ControlPlane.client(cp.adminKubeconfig()), requests), POLL, true, l -> {})) {
      Watched<V1Pod> pods = w.pods(ns, "app=watched");
      // listed before the pod exists, so the pod can only be seen through the watch (answered 410)
      assertEquals(0, pods.items().size());
      pod(ns, "p1");
      until(w, pods, 1);
      assertTrue(requests.lists.get() >= 2, "listed again after 410: " + requests.lists.get());
      admin.call("DELETE", "/api/v1/namespaces/" + ns + "/pods/p1", null, null, Map.of());
      until(w, pods, 0);
    }
  }

  @Test
  void a_dropped_watch_resumes_from_the_last_version_without_listing() throws Exception {
    String ns = cp.createNamespace("watched");
    Requests requests = new Requests(2, 200);
    try (Watches w =
        new Watches(
            client(ControlPlane.client(cp.adminKubeconfig()), requests), POLL, true, l -> {})) {
      Watched<V1Pod> pods = w.pods(ns, "app=watched");
      assertEquals(0, pods.items().size());
      pod(ns, "p1");
      until(w, pods, 1);
      assertEquals(1, requests.lists.get(), "resumed from the version, not listed again");
      assertTrue(requests.watches.get() >= 3, "watched again: " + requests.watches.get());
    }
  }

  @Test
  void a_watch_the_server_refuses_falls_back_to_reading_every_poll_interval() throws Exception {
    String ns = cp.createNamespace("watched");
    Requests requests = new Requests(Integer.MAX_VALUE, 403);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (Watches w =
        new Watches(
            client(ControlPlane.client(cp.adminKubeconfig()), requests), POLL, true, log::add)) {
      Watched<V1Pod> pods = w.pods(ns, "app=watched");
      assertEquals(0, pods.items().size());
      pod(ns, "p1");
      Duration seen = until(w, pods, 1);
      assertTrue(seen.compareTo(POLL.plusSeconds(2)) < 0, "seen after " + seen);
      assertEquals(1, log.size(), String.valueOf(log));
      assertTrue(log.get(0).startsWith("cannot watch pods app=watched in " + ns + " (HTTP 403)"));
      assertEquals(1, requests.watches.get(), "refused once, then no more watches");
    }
  }

  @Test
  void a_named_object_the_runner_may_not_list_is_read_by_name() throws Exception {
    String ns = cp.createNamespace("watched");
    admin.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles",
        Map.of(
            "apiVersion",
            "rbac.authorization.k8s.io/v1",
            "kind",
            "Role",
            "metadata",
            Map.of("name", "get-only"),
            "rules",
            List.of(
                Map.of(
                    "apiGroups", List.of("apps"),
                    "resources", List.of("statefulsets"),
                    "verbs", List.of("get")))),
        Map.of());
    admin.post(
        "/api/v1/namespaces/" + ns + "/serviceaccounts",
        Map.of("apiVersion", "v1", "kind", "ServiceAccount", "metadata", Map.of("name", "old")),
        Map.of());
    admin.post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings",
        Map.of(
            "apiVersion", "rbac.authorization.k8s.io/v1",
            "kind", "RoleBinding",
            "metadata", Map.of("name", "get-only"),
            "roleRef",
                Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "get-only"),
            "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "old", "namespace", ns))),
        Map.of());
    admin.post(
        "/apis/apps/v1/namespaces/" + ns + "/statefulsets",
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "StatefulSet",
            "metadata",
            Map.of("name", "db"),
            "spec",
            Map.of(
                "replicas",
                0,
                "serviceName",
                "db",
                "selector",
                Map.of("matchLabels", Map.of("app", "db")),
                "template",
                Map.of(
                    "metadata", Map.of("labels", Map.of("app", "db")),
                    "spec",
                        Map.of("containers", List.of(Map.of("name", "c", "image", "busybox")))))),
        Map.of());
    ApiClient old = ControlPlane.client(cp.kubeconfigForServiceAccount(ns, "old"));
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    io.neo4jrestore.testenv.Wait.until(
        "the Role to take effect",
        Duration.ofSeconds(15),
        () ->
            new RawApi(old)
                .find("/apis/apps/v1/namespaces/" + ns + "/statefulsets/db")
                .isPresent());
    try (Watches w = new Watches(new RawApi(old), POLL, true, log::add)) {
      Watched<V1StatefulSet> sts = w.statefulSet(ns, "db");
      assertEquals(0, sts.only().orElseThrow().getSpec().getReplicas());
      admin.mergePatch(
          "/apis/apps/v1/namespaces/" + ns + "/statefulsets/db",
          Map.of("metadata", Map.of("labels", Map.of("changed", "yes"))));
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sts.only().orElseThrow().getMetadata().getLabels() == null) {
        assertTrue(System.nanoTime() < end, "the change was never read");
        w.awaitChange(Duration.ofSeconds(1));
      }
      assertEquals(1, log.size(), String.valueOf(log));
      assertTrue(log.get(0).startsWith("cannot list StatefulSet " + ns + "/db (HTTP 403)"));
      assertFalse(log.get(0).contains("cannot watch"));
    }
  }
}

package io.neo4jrestore.testenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.neo4jrestore.api.JobRole;
import io.neo4jrestore.api.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pods/log through the real kube-apiserver: it finds the fake kubelet from the Node's InternalIP
 * and kubelet port, authenticates with its kubelet client certificate and verifies the fake
 * kubelet's serving certificate.
 */
@ExtendWith(ControlPlaneExtension.class)
class PodLogsIT {
  /** Go's RFC3339NanoFixed in UTC, then a space, then the line. */
  private static final Pattern STAMPED =
      Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z) (.*)");

  private static final String END = "<end of stream>";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void a_finished_job_pods_output_is_its_log_with_tail_limit_and_timestamps(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    String ns = cp.createNamespace("logs");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    CoreV1Api core = new CoreV1Api(cp.admin());
    batch.createNamespacedJob(ns, job("done", null)).execute();
    Instant before = Instant.now();
    kubelet.finishJob(ns, "done", 0, "line1\nline2\n");
    Wait.until("Job done Complete", TIMEOUT, () -> jobHas(batch, ns, "done", "Complete"));
    String pod = podOf(core, ns, "done").getMetadata().getName();

    assertEquals("line1\nline2\n", core.readNamespacedPodLog(pod, ns).execute());
    assertEquals("line1\nline2\n", core.readNamespacedPodLog(pod, ns).container("main").execute());
    assertEquals("line2\n", core.readNamespacedPodLog(pod, ns).tailLines(1).execute());
    // (the generated client makes an empty body null)
    assertEquals("", logViaApiserver(cp, ns, pod, "tailLines=0"));
    assertEquals("lin", core.readNamespacedPodLog(pod, ns).limitBytes(3).execute());
    assertEquals("line1\nline2\n", kubelet.output(ns, pod, null));

    String stamped = core.readNamespacedPodLog(pod, ns).timestamps(true).execute();
    String[] lines = stamped.split("\n");
    assertEquals(2, lines.length, stamped);
    for (int i = 0; i < 2; i++) {
      Matcher m = STAMPED.matcher(lines[i]);
      assertTrue(m.matches(), lines[i]);
      assertEquals("line" + (i + 1), m.group(2));
      Instant at = Instant.parse(m.group(1));
      assertTrue(
          !at.isBefore(before.minusSeconds(1)) && !at.isAfter(Instant.now()), at + " " + before);
    }
    // a follow request for a finished container returns what there is and ends
    assertEquals("line1\nline2\n", core.readNamespacedPodLog(pod, ns).follow(true).execute());

    // kubectl (v1.32) resolves the Job to its pod and reads pods/log
    assertEquals("line1\nline2\n", kubectl(cp, "-n", ns, "logs", "job/done"));
    assertEquals("line2\n", kubectl(cp, "-n", ns, "logs", "job/done", "--tail=1"));
    assertEquals("line1\nline2\n", kubectl(cp, "-n", ns, "logs", "pod/" + pod, "-c", "main"));
  }

  @Test
  void a_follower_gets_appended_lines_and_ends_when_the_pod_finishes(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    String ns = cp.createNamespace("logs-follow");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    CoreV1Api core = new CoreV1Api(cp.admin());
    batch.createNamespacedJob(ns, job("follow", null)).execute();
    String pod = runningPodOf(core, ns, "follow");
    kubelet.podOutput(ns, pod, "main", "first\n");

    BlockingQueue<String> received = follow(core.readNamespacedPodLog(pod, ns).follow(true));
    assertEquals("first", received.poll(30, TimeUnit.SECONDS));
    kubelet.appendOutput(ns, pod, null, "second\nthird\n");
    assertEquals("second", received.poll(30, TimeUnit.SECONDS));
    assertEquals("third", received.poll(30, TimeUnit.SECONDS));
    assertNull(received.poll(1, TimeUnit.SECONDS), "the stream ended before the pod finished");

    kubelet.finishJob(ns, "follow", 0);
    assertEquals(END, received.poll(30, TimeUnit.SECONDS));
    assertEquals("Succeeded", core.readNamespacedPod(pod, ns).execute().getStatus().getPhase());
    assertEquals("first\nsecond\nthird\n", core.readNamespacedPodLog(pod, ns).execute());
  }

  @Test
  void since_time_and_since_seconds_pick_lines_by_when_they_were_written(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    String ns = cp.createNamespace("logs-since");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    CoreV1Api core = new CoreV1Api(cp.admin());
    batch.createNamespacedJob(ns, job("since", null)).execute();
    String pod = runningPodOf(core, ns, "since");
    kubelet.appendOutput(ns, pod, null, "old\n");
    // the apiserver passes sinceTime on with whole seconds: split the lines at one
    Instant boundary = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), boundary).toMillis()) + 100);
    kubelet.appendOutput(ns, pod, null, "new\n");

    assertEquals("new\n", core.readNamespacedPodLog(pod, ns).sinceSeconds(2).execute());
    assertEquals("old\nnew\n", core.readNamespacedPodLog(pod, ns).sinceSeconds(60).execute());
    assertEquals("new\n", logViaApiserver(cp, ns, pod, "sinceTime=" + boundary));
    assertEquals(
        "old\nnew\n", logViaApiserver(cp, ns, pod, "sinceTime=" + boundary.minusSeconds(10)));
    assertEquals("new\n", kubectl(cp, "-n", ns, "logs", pod, "--since-time=" + boundary));
    kubelet.finishJob(ns, "since", 0);
  }

  @Test
  void a_failed_container_with_fallback_to_logs_gets_the_tail_of_its_log_as_message(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    String ns = cp.createNamespace("logs-message");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    CoreV1Api core = new CoreV1Api(cp.admin());
    batch.createNamespacedJob(ns, job("fallback", "FallbackToLogsOnError")).execute();
    batch.createNamespacedJob(ns, job("file", "File")).execute();
    batch.createNamespacedJob(ns, job("short", "FallbackToLogsOnError")).execute();
    StringBuilder output = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      output.append(String.format("%03d %s%n", i, "x".repeat(46))); // 51 bytes a line
    }
    kubelet.finishJob(ns, "fallback", 3, output.toString());
    kubelet.finishJob(ns, "file", 3, output.toString());
    kubelet.finishJob(ns, "short", 3, "error: no backup at /backups/orders\n");
    for (String job : List.of("fallback", "file", "short")) {
      Wait.until("Job " + job + " Failed", TIMEOUT, () -> jobHas(batch, ns, job, "Failed"));
    }

    // 80 lines are 4080 bytes: the message is their last 2048
    String all = output.toString();
    assertEquals(all.substring(all.length() - 2048), terminated(core, ns, "fallback").getMessage());
    assertEquals(3, terminated(core, ns, "fallback").getExitCode());
    assertNull(terminated(core, ns, "file").getMessage());
    assertEquals(
        "error: no backup at /backups/orders\n", terminated(core, ns, "short").getMessage());
    // the log itself is not cut
    String pod = podOf(core, ns, "fallback").getMetadata().getName();
    assertEquals(all, core.readNamespacedPodLog(pod, ns).execute());
  }

  @Test
  void a_runner_pods_process_output_is_its_log_line_by_line_as_written(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    String ns = cp.createNamespace("logs-process");
    BatchV1Api batch = new BatchV1Api(cp.admin());
    CoreV1Api core = new CoreV1Api(cp.admin());
    kubelet.runnerLauncher(
        (pod, container) ->
            List.of(
                "sh", "-c", "echo out1; echo err1 >&2; sleep 2; echo out2; printf tail; exit 4"));
    try {
      V1Job job = job("proc", "FallbackToLogsOnError");
      job.getSpec()
          .getTemplate()
          .setMetadata(new V1ObjectMeta().labels(Map.of(Labels.COMPONENT, JobRole.RUNNER.label())));
      batch.createNamespacedJob(ns, job).execute();
      String pod = runningPodOf(core, ns, "proc");
      BlockingQueue<String> received = follow(core.readNamespacedPodLog(pod, ns).follow(true));
      List<String> followed = new ArrayList<>();
      for (String line = received.poll(60, TimeUnit.SECONDS);
          line != null && !END.equals(line);
          line = received.poll(60, TimeUnit.SECONDS)) {
        followed.add(line);
      }
      assertEquals(4, followed.size(), followed.toString());
      assertTrue(
          followed.containsAll(List.of("out1", "err1", "out2", "tail")), followed.toString());
      assertEquals(List.of("out2", "tail"), followed.subList(2, 4));

      Wait.until("Job proc Failed", TIMEOUT, () -> jobHas(batch, ns, "proc", "Failed"));
      V1ContainerStateTerminated t = terminated(core, ns, "proc");
      assertEquals(4, t.getExitCode());
      String log = core.readNamespacedPodLog(pod, ns).execute();
      assertEquals(log, t.getMessage());
      assertTrue(log.endsWith("out2\ntail"), log); // a partial last line stays partial
      assertEquals(log.length(), Files.readString(kubelet.podLog(ns, pod)).length());

      // each line carries the time it was read: out2 came 2 s after out1
      Map<String, Instant> times = new java.util.HashMap<>();
      for (String line :
          core.readNamespacedPodLog(pod, ns).timestamps(true).execute().split("\n")) {
        Matcher m = STAMPED.matcher(line);
        assertTrue(m.matches(), line);
        times.put(m.group(2), Instant.parse(m.group(1)));
      }
      Duration gap = Duration.between(times.get("out1"), times.get("out2"));
      assertTrue(gap.toMillis() >= 1500 && gap.toMillis() < 10_000, gap.toString());
    } finally {
      kubelet.runnerLauncher(null);
    }
  }

  @Test
  void nodes_point_at_the_fake_kubelet_which_refuses_unknown_pods_and_strangers(
      ControlPlane cp, FakeKubelet kubelet) throws Exception {
    CoreV1Api core = new CoreV1Api(cp.admin());
    for (String name : FakeKubelet.NODES) {
      V1Node node = core.readNode(name).execute();
      assertEquals(
          List.of("InternalIP=127.0.0.1", "Hostname=" + name),
          node.getStatus().getAddresses().stream()
              .map((V1NodeAddress a) -> a.getType() + "=" + a.getAddress())
              .toList());
      assertEquals(
          kubelet.kubeletPort(),
          node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
    }

    String ns = cp.createNamespace("logs-kubelet");
    new BatchV1Api(cp.admin()).createNamespacedJob(ns, job("direct", null)).execute();
    String pod = runningPodOf(core, ns, "direct");
    kubelet.podOutput(ns, pod, "main", "a\nb\n");

    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(cp.pki().sslContext(cp.pki().client("test-kubelet-client")))
            .build();
    HttpResponse<String> r = kubeletGet(client, kubelet, "/containerLogs/" + ns + "/nope/main");
    assertEquals(404, r.statusCode());
    assertEquals("pod \"nope\" does not exist", r.body());
    r = kubeletGet(client, kubelet, "/containerLogs/" + ns + "/" + pod + "/nope");
    assertEquals(404, r.statusCode());
    assertEquals("container \"nope\" not found in pod \"" + pod + "\"", r.body());
    r = kubeletGet(client, kubelet, "/containerLogs/" + ns + "/" + pod + "/main?tailLines=1");
    assertEquals(200, r.statusCode());
    assertEquals("b\n", r.body());
    r = kubeletGet(client, kubelet, "/containerLogs/" + ns + "/" + pod + "/main?tailLines=-1");
    assertEquals(422, r.statusCode());
    r = kubeletGet(client, kubelet, "/containerLogs/" + ns + "/" + pod + "/main?previous=true");
    assertEquals(400, r.statusCode());
    assertEquals(
        "previous terminated container \"main\" in pod \"" + pod + "\" not found", r.body());
    r = kubeletGet(client, kubelet, "/exec/" + ns + "/" + pod + "/main");
    assertEquals(404, r.statusCode());

    // through the apiserver: its own check of the container name, and the kubelet's refusal
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> core.readNamespacedPodLog(pod, ns).container("nope").execute());
    assertEquals(400, e.getCode());
    e =
        assertThrows(
            ApiException.class, () -> core.readNamespacedPodLog(pod, ns).previous(true).execute());
    assertTrue(e.getResponseBody().contains("previous terminated container"), e.getResponseBody());

    // a client certificate from another CA: the handshake fails
    HttpClient stranger =
        HttpClient.newBuilder()
            .sslContext(trustingWithIdentity(cp.pki(), Pki.newCa("stranger").client("stranger")))
            .build();
    assertThrows(
        IOException.class,
        () -> kubeletGet(stranger, kubelet, "/containerLogs/" + ns + "/" + pod + "/main"));
    kubelet.finishJob(ns, "direct", 0);
  }

  // --- helpers ---

  private static V1Job job(String name, String terminationMessagePolicy) {
    return new V1Job()
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1JobSpec()
                .backoffLimit(0)
                .template(
                    new V1PodTemplateSpec()
                        .spec(
                            new V1PodSpec()
                                .restartPolicy("Never")
                                .containers(
                                    List.of(
                                        new V1Container()
                                            .name("main")
                                            .image("busybox")
                                            .terminationMessagePolicy(
                                                terminationMessagePolicy))))));
  }

  private static boolean jobHas(BatchV1Api batch, String ns, String name, String type)
      throws ApiException {
    V1Job job = batch.readNamespacedJob(name, ns).execute();
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static V1Pod podOf(CoreV1Api core, String ns, String job) throws ApiException {
    List<V1Pod> pods =
        core.listNamespacedPod(ns).labelSelector("job-name=" + job).execute().getItems();
    assertEquals(1, pods.size(), "pods of Job " + job);
    return pods.get(0);
  }

  /** Waits until the Job's pod has a running container, the condition for reading its log. */
  private static String runningPodOf(CoreV1Api core, String ns, String job) {
    String[] name = new String[1];
    Wait.until(
        "a running pod of Job " + job,
        TIMEOUT,
        () -> {
          List<V1Pod> pods =
              core.listNamespacedPod(ns).labelSelector("job-name=" + job).execute().getItems();
          for (V1Pod p : pods) {
            if (p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream()
                    .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null)) {
              name[0] = p.getMetadata().getName();
              return true;
            }
          }
          return false;
        });
    return name[0];
  }

  private static V1ContainerStateTerminated terminated(CoreV1Api core, String ns, String job)
      throws ApiException {
    return podOf(core, ns, job)
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .getState()
        .getTerminated();
  }

  /** Reads a streaming pods/log response line by line on a thread; {@link #END} when it ends. */
  private static BlockingQueue<String> follow(CoreV1Api.APIreadNamespacedPodLogRequest request)
      throws ApiException {
    okhttp3.Call call = request.buildCall(null);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (okhttp3.Response response = call.execute();
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(
                              response.body().byteStream(), StandardCharsets.UTF_8))) {
                if (!response.isSuccessful()) {
                  lines.add("HTTP " + response.code());
                }
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("error: " + e);
              }
              lines.add(END);
            },
            "follow-logs");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** GET pods/log with a raw query (the generated client has no sinceTime). */
  private static String logViaApiserver(ControlPlane cp, String ns, String pod, String query)
      throws IOException {
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url(cp.server() + "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?" + query)
            .build();
    try (okhttp3.Response response = cp.admin().getHttpClient().newCall(request).execute()) {
      String body = response.body().string();
      assertEquals(200, response.code(), body);
      return body;
    }
  }

  private static HttpResponse<String> kubeletGet(
      HttpClient client, FakeKubelet kubelet, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + kubelet.kubeletPort() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Trusts the test CA (so the server is accepted) but presents {@code identity}. */
  private static javax.net.ssl.SSLContext trustingWithIdentity(Pki pki, Pki.Issued identity)
      throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca().certificate());
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] pw = "test".toCharArray();
    keys.setKeyEntry(
        "id",
        identity.keyPair().getPrivate(),
        pw,
        new java.security.cert.Certificate[] {identity.certificate()});
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pw);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String kubectl(ControlPlane cp, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", cp.adminKubeconfig().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    byte[] err;
    String out;
    try (var stdout = p.getInputStream();
        var stderr = p.getErrorStream()) {
      out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      err = stderr.readAllBytes();
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl timed out");
    assertEquals(0, p.exitValue(), command + ": " + new String(err, StandardCharsets.UTF_8) + out);
    return out;
  }
}

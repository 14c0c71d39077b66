package io.neo4jrestore.runner.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.kube.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * {@link Transport} over the runner's {@link ApiClient}: its HTTP client, TLS and authentication
 * (the ServiceAccount token, re-read when rotated, or the kubeconfig's user), so raw requests and
 * typed calls go out the same way.
 */
final class ApiClientTransport implements Transport {
  private static final String[] AUTH = {"BearerToken"};
  private final ApiClient client;

  ApiClientTransport(ApiClient client) {
    this.client = client;
  }

  @Override
  public Transport.Response send(Request request) throws IOException {
    Call call;
    try {
      // the target is encoded already (path and query): no query parameters for the client to add
      call =
          client.buildCall(
              client.getBasePath(),
              request.target(),
              request.method(),
              new ArrayList<>(),
              new ArrayList<>(),
              request.body(),
              new HashMap<>(request.headers()),
              new HashMap<>(),
              new HashMap<>(),
              AUTH,
              null);
    } catch (ApiException e) {
      throw new IOException("cannot build " + request.method() + " " + request.target(), e);
    }
    if (request.timeout() != null && !request.timeout().isZero()) {
      call.timeout().timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    okhttp3.Response response = call.execute();
    return new Transport.Response() {
      @Override
      public int code() {
        return response.code();
      }

      @Override
      public List<String> headers(String name) {
        return response.headers(name);
      }

      @Override
      public Map<String, List<String>> allHeaders() {
        return response.headers().toMultimap();
      }

      @Override
      public InputStream body() {
        return response.body() == null
            ? InputStream.nullInputStream()
            : response.body().byteStream();
      }

      @Override
      public void close() {
        call.cancel(); // unblocks a reader in another thread (a watch being closed)
        response.close();
      }
    };
  }
}

package io.neo4jrestore.plugin.kube;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the {@code Authorization} header from {@link Credentials}; on a 401 it asks the credentials
 * to refresh (an exec plugin runs again, a token file is re-read) and retries the request once.
 */
public final class AuthInterceptor implements Interceptor {
  private final Credentials credentials;

  public AuthInterceptor(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String sent = credentials.authorization();
    Response response = chain.proceed(withAuth(request, sent));
    if (response.code() != 401 || !credentials.invalidate(sent)) {
      return response;
    }
    response.close();
    String fresh = credentials.authorization();
    return chain.proceed(withAuth(request, fresh));
  }

  private static Request withAuth(Request request, String authorization) {
    return authorization == null
        ? request
        : request.newBuilder().header("Authorization", authorization).build();
  }
}

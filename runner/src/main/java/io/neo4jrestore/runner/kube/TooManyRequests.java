package io.neo4jrestore.runner.kube;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Retries a request the API server answered 429 (Too Many Requests: API Priority and Fairness, or
 * the max-in-flight limit, refused it before doing anything), as client-go does, but with jitter:
 * it waits the {@code Retry-After} the server gave (1 s when none), stretched by a random 0-100 %,
 * so that many runners throttled together do not come back together; up to {@link #MAX_RETRIES}
 * times, then the 429 goes to the caller (whose waits and steps treat it as transient).
 */
public final class TooManyRequests implements Interceptor {
  static final int MAX_RETRIES = 5;

  /** The longest a {@code Retry-After} is honoured, in seconds. */
  static final long MAX_RETRY_AFTER = 10;

  /** How the interceptor waits (tests do not sleep). */
  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  private final Pause pause;
  private final DoubleSupplier random;

  public TooManyRequests() {
    this(Thread::sleep, () -> ThreadLocalRandom.current().nextDouble());
  }

  TooManyRequests(Pause pause, DoubleSupplier random) {
    this.pause = pause;
    this.random = random;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    for (int retry = 1; response.code() == 429 && retry <= MAX_RETRIES; retry++) {
      long millis = delayMillis(response.header("Retry-After"));
      response.close();
      try {
        pause.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while backing off after HTTP 429");
      }
      response = chain.proceed(chain.request());
    }
    return response;
  }

  /** {@code Retry-After} (seconds; 1 when absent or unreadable, at most 10) plus 0-100 %. */
  long delayMillis(String retryAfter) {
    long seconds = 1;
    if (retryAfter != null) {
      try {
        seconds = Math.max(1, Math.min(MAX_RETRY_AFTER, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        seconds = 1; // an HTTP date: not sent by the API server
      }
    }
    return Math.round(seconds * 1000 * (1 + random.getAsDouble()));
  }
}

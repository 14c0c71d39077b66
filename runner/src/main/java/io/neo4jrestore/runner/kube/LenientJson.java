package io.neo4jrestore.runner.kube;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * client-java's generated models refuse JSON fields they do not know, so a newer API server (or a
 * Binding answered with a Status) breaks every call. This installs a Gson without the generated
 * per-model validators: plain reflection over the same {@code @SerializedName} fields, which
 * ignores unknown fields. Call once at start-up, before the first request.
 */
public final class LenientJson {
  private static volatile boolean installed;

  private LenientJson() {}

  public static synchronized void install() {
    if (installed) {
      return;
    }
    Gson gson =
        JSON.createGson()
            .registerTypeAdapter(OffsetDateTime.class, new JSON.OffsetDateTimeTypeAdapter())
            .registerTypeAdapter(LocalDate.class, new JSON.LocalDateTypeAdapter())
            .registerTypeAdapter(byte[].class, new JSON.ByteArrayAdapter())
            .create();
    JSON.setGson(gson);
    installed = true;
  }
}

package io.neo4jrestore.plugin.kube;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * client-java's generated models refuse JSON fields they do not know, so an API server newer than
 * the client breaks every typed call. This replaces the client's Gson with one without the
 * generated per-model validators (plain reflection over the same fields, unknown fields ignored).
 * The plugin itself reads and writes JSON with Jackson; this protects anything of the client's that
 * deserialises. Installed once, before the first request.
 */
public final class LenientGson {
  private static volatile boolean installed;

  private LenientGson() {}

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

package io.neo4jrestore.runner.source;

import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.validation.Quoting;
import io.neo4jrestore.api.validation.StoragePaths;
import io.neo4jrestore.runner.common.RestoreFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a spec's paths lead, proven before anything changes. {@link #below} checks the grammar
 * ({@link StoragePaths}), refuses a {@code backupPath} that repeats {@code storage.path} after a
 * leading {@code /}, joins, and then, independently of the grammar, normalises the result and
 * checks that it is inside {@code <root>/<storage.path>}: a location outside the bucket, the backup
 * mount or the storage prefix is never handed to a Job.
 */
public final class Locations {
  private static final Pattern AZURE_ACCOUNT = Pattern.compile("^[a-z0-9]{3,24}$");

  private Locations() {}

  /**
   * {@code root/storagePath/backupPath} without a trailing {@code /}; {@code root} is a bucket URI
   * ({@code s3://bucket}) or a mount path ({@code /backup}). {@code where} names the object the
   * paths come from in refusals (e.g. {@code spec.source.storage}).
   */
  public static String below(String root, String storagePath, String backupPath, String where) {
    requireCanonical(where + ".path", storagePath);
    requireCanonical("backupPath", backupPath);
    if (StoragePaths.repeatsStoragePath(storagePath, backupPath)) {
      throw invalid(
          "backupPath "
              + Quoting.quoted(backupPath)
              + " starts with '/' followed by "
              + where
              + ".path "
              + Quoting.quoted(storagePath)
              + ": backupPath is always relative to storage.path, so this would mean the"
              + " folders twice; remove the storage.path prefix from backupPath (or the leading '/'"
              + " if the folders really repeat it)");
    }
    String base = strip(root);
    String prefix = append(base, storagePath);
    String location = append(prefix, backupPath);
    requireInside(base, prefix, location);
    return location;
  }

  /**
   * The bucket URI {@code scheme + bucket}; refuses a bucket name that is not one ({@code where}
   * names the field).
   */
  public static String bucket(String scheme, String bucket, String where) {
    if (!StoragePaths.isValidBucket(bucket)) {
      throw invalid(
          where
              + ".bucket "
              + Quoting.quoted(bucket)
              + " is not a bucket or container name (lowercase letters, digits, '.', '_' and"
              + " '-', starting and ending with a letter or digit, without '..')");
    }
    return scheme + bucket;
  }

  /** Refuses an Azure storage account name (from a Secret) that is not one. */
  public static String azureAccount(String account, String secret) {
    if (account == null || !AZURE_ACCOUNT.matcher(account).matches()) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "AZURE_STORAGE_ACCOUNT in Secret "
              + secret
              + " is not a storage account name (3 to 24 lowercase letters and digits); fix the"
              + " Secret");
    }
    return account;
  }

  /**
   * Throws unless {@code location}, normalised ({@code .} and empty segments dropped, {@code ..}
   * resolved), stays inside {@code root} and starts with the normalised {@code prefix}. Both must
   * start with {@code root}.
   */
  static void requireInside(String root, String prefix, String location) {
    Optional<List<String>> p = normalise(relative(root, prefix));
    Optional<List<String>> l = normalise(relative(root, location));
    boolean inside =
        p.isPresent()
            && l.isPresent()
            && l.get().size() >= p.get().size()
            && l.get().subList(0, p.get().size()).equals(p.get());
    if (!inside) {
      throw invalid(
          "the source location "
              + Quoting.quoted(location)
              + " is not inside "
              + Quoting.quoted(prefix)
              + "; backupPath and storage.path must name a place inside the bucket or volume");
    }
  }

  /** The segments of {@code path} with {@code .}, empty segments and {@code ..} resolved. */
  static Optional<List<String>> normalise(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (out.isEmpty()) {
          return Optional.empty(); // above the root
        }
        out.remove(out.size() - 1);
        continue;
      }
      out.add(s);
    }
    return Optional.of(out);
  }

  private static String relative(String root, String path) {
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException(path + " does not start with " + root);
    }
    return path.substring(root.length());
  }

  private static void requireCanonical(String field, String path) {
    if (path == null) {
      return;
    }
    if (StoragePaths.hasDotSegment(path) || !StoragePaths.hasValidShape(path)) {
      throw invalid(
          field
              + " "
              + Quoting.quoted(path)
              + " is not a canonical path: segments of letters, digits and . _ - ~ = + @ :"
              + " joined by single '/', without '.' or '..' segments");
    }
  }

  /** Appends a canonical path without its leading and trailing {@code /}. */
  private static String append(String base, String path) {
    if (path == null) {
      return base;
    }
    String p = path.startsWith("/") ? path.substring(1) : path;
    p = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    return p.isEmpty() ? base : base + "/" + p;
  }

  private static String strip(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  private static RestoreFailure invalid(String message) {
    return new RestoreFailure(Reasons.INVALID_SPEC, message);
  }
}

package io.neo4jrestore.api.validation;

import java.util.regex.Pattern;

/**
 * The grammar of every spec string that becomes part of a path or an object key ({@code
 * storage.path}, {@code backupPath}, {@code bucket}), shared by the CRD's rules (the same
 * expressions, RE2 and {@code java.util.regex} agree on them) and the runner.
 *
 * <p>A path is one or more segments of letters, digits and {@code . _ - ~ = + @ :}, joined by
 * single {@code /}, with at most one leading and one trailing {@code /}, and no {@code .} or {@code
 * ..} segment. Everything else is refused rather than interpreted: control characters, spaces,
 * commas (neo4j-admin splits {@code --from-path} on them), {@code *} and {@code ?} (neo4j-admin's
 * wildcards in the last segment), {@code %} and {@code #} (URI escapes and fragments in {@code
 * s3://} and the like), backslashes and non-ASCII characters (look-alikes, invisible and
 * bidirectional characters).
 *
 * <p>{@code backupPath} is always relative to {@code storage.path}: the location is {@code <bucket
 * or volume>/<storage.path>/<backupPath>}. A leading {@code /} on {@code backupPath} is allowed
 * (the reference writes {@code /backups/...}) and changes nothing, except that a {@code backupPath}
 * starting with {@code /} followed by the segments of {@code storage.path} is ambiguous (absolute,
 * or relative and repeating the prefix?) and refused: {@link #repeatsStoragePath}.
 */
public final class StoragePaths {
  /** One segment of a path. */
  public static final String SEGMENT = "[A-Za-z0-9._~=+@:-]+";

  /** A whole path: the CRD's rule and {@link #hasValidShape}. */
  public static final String PATTERN = "^/?" + SEGMENT + "(/" + SEGMENT + ")*/?$";

  /** Finds a {@code .} or {@code ..} segment (a search, not a whole match). */
  public static final String DOT_SEGMENT = "(^|/)[.][.]?(/|\\z)";

  /** A bucket (S3, GCS) or container (Azure) name; {@code ..} is refused separately. */
  public static final String BUCKET_PATTERN = "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$";

  private static final Pattern SHAPE = Pattern.compile(PATTERN);
  private static final Pattern DOTS = Pattern.compile(DOT_SEGMENT);
  private static final Pattern BUCKET = Pattern.compile(BUCKET_PATTERN);

  private StoragePaths() {}

  /**
   * True when {@code path} follows the grammar (it may still hold a {@code .}/{@code ..} segment).
   */
  public static boolean hasValidShape(String path) {
    return path != null && SHAPE.matcher(path).matches();
  }

  /** True when one of the segments is {@code .} or {@code ..}. */
  public static boolean hasDotSegment(String path) {
    return path != null && DOTS.matcher(path).find();
  }

  /** The grammar and no dot segments: a path that means exactly one place. */
  public static boolean isCanonical(String path) {
    return hasValidShape(path) && !hasDotSegment(path);
  }

  public static boolean isValidBucket(String bucket) {
    return bucket != null && BUCKET.matcher(bucket).matches() && !bucket.contains("..");
  }

  /**
   * True when {@code backupPath} starts with {@code /} followed by the segments of {@code
   * storagePath}: it could mean the folder below the bucket root or the same segments again below
   * {@code storage.path}. The same string operations as the CRD's rule, so both agree on every
   * input.
   */
  public static boolean repeatsStoragePath(String storagePath, String backupPath) {
    if (storagePath == null || backupPath == null || !backupPath.startsWith("/")) {
      return false;
    }
    String prefix =
        (storagePath.startsWith("/") ? "" : "/")
            + storagePath
            + (storagePath.endsWith("/") ? "" : "/");
    return (backupPath.endsWith("/") ? backupPath : backupPath + "/").startsWith(prefix);
  }
}

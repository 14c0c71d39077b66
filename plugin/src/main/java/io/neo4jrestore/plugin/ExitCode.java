package io.neo4jrestore.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plugin's exit codes: a closed table, shown in {@code --help} and docs/plugin.md. Every
 * non-zero exit is carried by a {@link PluginException} (or mapped from a known exception type) in
 * {@link ErrorHandler}, the one place that turns failures into codes.
 */
public enum ExitCode {
  OK(0, "success"),
  RESTORE_FAILED(1, "the restore ended Failed (watch, create --wait)"),
  USAGE(2, "usage error: unknown flag or command, bad value, unreadable file"),
  API(
      3,
      "cannot talk to Kubernetes: kubeconfig, connection, credentials, permission,"
          + " or the server refused the request (e.g. not found)"),
  TIMEOUT(4, "waiting timed out; the restore goes on (watch again)"),
  REFUSED(
      5,
      "refused before anything changed: the resource is invalid (the CRD's rules, checked"
          + " here or by the server), the action is unsafe now (delete while Running), or a plan"
          + " says the restore would be refused (plan, create --plan, create --from-plan)"),
  INTERNAL(6, "internal error (a bug): run again with -v and report the stack trace");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The table as picocli's {@code exitCodeList} shows it. */
  public static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      table.put(Integer.toString(c.code), c.meaning);
    }
    return table;
  }
}

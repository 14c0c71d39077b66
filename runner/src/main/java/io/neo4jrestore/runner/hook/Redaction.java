package io.neo4jrestore.runner.hook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Hook statements and hook environment values may hold secrets (a password in {@code CREATE USER
 * ... SET PASSWORD '...'}, a token in an env value). Status, events and the runner's log carry only
 * a statement's index and {@link #preview}, and every message that might quote one (Neo4j echoes
 * the statement in a syntax error) goes through {@link #scrub}.
 */
public final class Redaction {
  /** What replaces a redacted value. */
  public static final String MASK = "***";

  /** Longest preview, in characters, before "...". */
  static final int PREVIEW_LENGTH = 40;

  /** Fragments shorter than this are not scrubbed from messages (they would garble every word). */
  static final int MIN_FRAGMENT = 3;

  private Redaction() {}

  /**
   * A short preview: string literals replaced by {@value #MASK}, whitespace and control characters
   * collapsed, at most {@value #PREVIEW_LENGTH} characters. Keywords, labels and parameter names
   * stay, so the statement can be recognised.
   */
  public static String preview(String statement) {
    StringBuilder out = new StringBuilder();
    String s = statement == null ? "" : statement;
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '\'' || ch == '"') {
        int end = literalEnd(s, i);
        out.append(ch).append(MASK).append(ch);
        i = end;
      } else {
        out.append(Character.isWhitespace(ch) || Character.isISOControl(ch) ? ' ' : ch);
        i++;
      }
    }
    String collapsed = out.toString().trim().replaceAll(" {2,}", " ");
    return collapsed.length() <= PREVIEW_LENGTH
        ? collapsed
        : collapsed.substring(0, PREVIEW_LENGTH) + "...";
  }

  /**
   * {@code message} with every occurrence of the secrets' text removed: each value whole, each of
   * its lines, and the contents of its string literals.
   */
  public static String scrub(String message, Collection<String> secrets) {
    if (message == null) {
      return null;
    }
    List<String> fragments = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null) {
        continue;
      }
      fragments.add(secret);
      fragments.add(secret.trim());
      for (String line : secret.split("\\R")) {
        fragments.add(line.trim());
      }
      fragments.addAll(literals(secret));
    }
    fragments.sort(Comparator.comparingInt(String::length).reversed());
    String out = message;
    for (String f : fragments) {
      if (f.length() >= MIN_FRAGMENT) {
        out = out.replace(f, MASK);
      }
    }
    return out;
  }

  /** The contents of the quoted string literals of a statement (escapes kept as written). */
  static List<String> literals(String statement) {
    List<String> found = new ArrayList<>();
    int i = 0;
    while (i < statement.length()) {
      char ch = statement.charAt(i);
      if (ch == '\'' || ch == '"') {
        int end = literalEnd(statement, i);
        int close = Math.min(end - 1, statement.length());
        if (close > i + 1) {
          found.add(statement.substring(i + 1, close));
        }
        i = end;
      } else {
        i++;
      }
    }
    return found;
  }

  /** The index just after the literal opened at {@code start} (or the end of an unclosed one). */
  private static int literalEnd(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        i += 2;
      } else if (ch == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return s.length() + 1;
  }
}

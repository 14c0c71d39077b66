package io.neo4jrestore.runner.world;

import java.util.List;

/**
 * Assertions on the order of recorded port calls ({@link InMemoryWorld#calls()}), in the spirit of
 * java-operator-sdk's {@code ExecutionAssert}. Every expectation is a prefix of a call ({@code
 * "scale ns/prod-server 0"}, {@code "createJob ns/"}); other calls may come between. A failure
 * prints the whole call log.
 *
 * <pre>
 * CallOrder.assertThat(world.calls())
 *     .contains("scale ns/prod-server 0").before("createJob ns/")
 *     .never("lease.replace");
 * </pre>
 */
public final class CallOrder {
  private final List<String> calls;
  private int position = -1;

  private CallOrder(List<String> calls) {
    this.calls = List.copyOf(calls);
  }

  public static CallOrder assertThat(List<String> calls) {
    return new CallOrder(calls);
  }

  /** A call starting with {@code prefix} was made; {@link #before} continues after the first. */
  public CallOrder contains(String prefix) {
    int found = find(prefix, 0);
    if (found < 0) {
      throw fail("expected a call starting with \"" + prefix + "\"");
    }
    position = found;
    return this;
  }

  /** A call starting with {@code prefix} came after the one matched last. */
  public CallOrder before(String prefix) {
    if (position < 0) {
      throw new IllegalStateException("before(...) follows contains(...) or inOrder(...)");
    }
    return then(prefix);
  }

  /** Calls starting with these prefixes were made in this order (others between them). */
  public CallOrder inOrder(String... prefixes) {
    position = -1;
    for (String prefix : prefixes) {
      then(prefix);
    }
    return this;
  }

  /** No call starts with {@code prefix}. */
  public CallOrder never(String prefix) {
    int found = find(prefix, 0);
    if (found >= 0) {
      throw fail("expected no call starting with \"" + prefix + "\", found #" + found);
    }
    return this;
  }

  /** Exactly {@code times} calls start with {@code prefix}. */
  public CallOrder times(String prefix, int times) {
    int n = count(prefix);
    if (n != times) {
      throw fail("expected " + times + " calls starting with \"" + prefix + "\", found " + n);
    }
    return this;
  }

  /** How many calls start with {@code prefix}. */
  public int count(String prefix) {
    return (int) calls.stream().filter(c -> c.startsWith(prefix)).count();
  }

  private CallOrder then(String prefix) {
    int found = find(prefix, position + 1);
    if (found < 0) {
      String after = position < 0 ? "" : " after #" + position + " (" + calls.get(position) + ")";
      throw fail("expected a call starting with \"" + prefix + "\"" + after);
    }
    position = found;
    return this;
  }

  private int find(String prefix, int from) {
    for (int i = from; i < calls.size(); i++) {
      if (calls.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private AssertionError fail(String message) {
    StringBuilder log = new StringBuilder(message).append("\ncalls:");
    for (int i = 0; i < calls.size(); i++) {
      log.append(String.format("%n  #%d %s", i, calls.get(i)));
    }
    return new AssertionError(log.toString());
  }
}

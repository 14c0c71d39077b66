package io.neo4jrestore.runner.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void a_preview_masks_string_literals_and_keeps_keywords() {
    assertEquals(
        "CREATE USER bob SET PASSWORD '***' CHANG...",
        Redaction.preview("CREATE USER bob SET PASSWORD 'hunter2-secret' CHANGE NOT REQUIRED"));
    assertEquals("CALL db.checkpoint()", Redaction.preview("CALL db.checkpoint()"));
  }

  @Test
  void a_preview_masks_double_quoted_escaped_and_unclosed_literals() {
    String p = Redaction.preview("MATCH (n {k: \"tok\\\"en\"}) SET n.p = 'open-secret");
    assertFalse(p.contains("tok"), p);
    assertFalse(p.contains("open-secret"), p);
    assertTrue(p.startsWith("MATCH (n {k: \"***\"}) SET n.p = '***'"), p);
  }

  @Test
  void a_preview_is_short_and_on_one_line() {
    String p = Redaction.preview("MATCH (n)\n\tWHERE n.x > 1\r\n" + "RETURN n, ".repeat(20));
    assertTrue(p.length() <= Redaction.PREVIEW_LENGTH + 3, p);
    assertFalse(p.contains("\n") || p.contains("\t") || p.contains("  "), p);
  }

  @Test
  void scrub_removes_the_statement_its_lines_and_its_literals() {
    String statement = "CREATE USER bob\nSET PASSWORD 'hunter2-secret'";
    String neo4j =
        "Invalid input 'SET': expected ... \"CREATE USER bob\" line 2: \"SET PASSWORD"
            + " 'hunter2-secret'\" and the whole: "
            + statement
            + " and the literal alone: hunter2-secret";
    String scrubbed = Redaction.scrub(neo4j, List.of(statement));
    assertFalse(scrubbed.contains("hunter2-secret"), scrubbed);
    assertFalse(scrubbed.contains("CREATE USER bob"), scrubbed);
    assertTrue(scrubbed.startsWith("Invalid input 'SET': expected"), scrubbed);
  }

  @Test
  void scrub_keeps_short_fragments_and_handles_null() {
    assertEquals("a b c", Redaction.scrub("a b c", List.of("b")));
    assertEquals(null, Redaction.scrub(null, List.of("x")));
  }
}

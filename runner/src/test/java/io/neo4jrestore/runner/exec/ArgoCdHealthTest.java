package io.neo4jrestore.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.Conditions;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.runner.status.StatusDraft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The shipped Argo CD health check ({@code crds/argocd-health.lua}) run by a Lua interpreter on
 * status objects made by the runner's own status code ({@link StatusDraft}).
 */
class ArgoCdHealthTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Map<String, String> health(long generation, StatusDraft status) throws Exception {
    ObjectNode obj = ApiMapper.json().createObjectNode();
    obj.putObject("metadata").put("name", "r").put("generation", generation);
    if (status != null) {
      obj.set("status", ApiMapper.json().valueToTree(status.build()));
    }
    Path script = Path.of("..", "crds", "argocd-health.lua");
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(obj));
    LuaValue result = globals.load(Files.readString(script), "health").call();
    return Map.of(
        "status", result.get("status").tojstring(), "message", result.get("message").tojstring());
  }

  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        t.set(e.getKey(), toLua(e.getValue()));
      }
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, toLua(node.get(i)));
      }
      return t;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  @Test
  void a_restore_without_status_or_pending_is_progressing() throws Exception {
    assertEquals("Progressing", health(1, null).get("status"));
    StatusDraft pending = new StatusDraft(null);
    pending.phase(Phases.PENDING, "runner starting");
    assertEquals("Progressing", health(1, pending).get("status"));
  }

  @Test
  void running_is_progressing_completed_is_healthy_failed_is_degraded() throws Exception {
    StatusDraft s = new StatusDraft(null);
    s.claim(1, NOW);
    s.phase(Phases.RUNNING, "restoring movies");
    s.condition(Conditions.RECONCILING, Conditions.TRUE, Reasons.RUNNING, "", 1, NOW);
    assertEquals(Map.of("status", "Progressing", "message", "restoring movies"), health(1, s));

    s.finish(Phases.COMPLETED, "database movies restored", NOW);
    assertEquals(Map.of("status", "Healthy", "message", "database movies restored"), health(1, s));

    StatusDraft f = new StatusDraft(null);
    f.claim(1, NOW);
    f.finish(Phases.FAILED, "restore Job failed; see kubectl logs", NOW);
    assertEquals("Degraded", health(1, f).get("status"));
    assertTrue(health(1, f).get("message").contains("restore Job failed"));
  }

  @Test
  void a_status_of_an_older_generation_is_progressing_not_healthy() throws Exception {
    StatusDraft s = new StatusDraft(null);
    s.claim(1, NOW);
    s.finish(Phases.COMPLETED, "done", NOW);
    assertEquals("Progressing", health(2, s).get("status"));
  }
}

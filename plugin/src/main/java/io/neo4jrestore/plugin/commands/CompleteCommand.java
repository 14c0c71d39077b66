package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code __complete WORDS...}: what kubectl's plugin completion ({@code
 * kubectl_complete-neo4j_restore}) asks for. The last word is the one being completed. Prints
 * candidates, one a line, then cobra's directive line {@code :4} (no file completion). Never fails:
 * without a cluster, names are simply not offered.
 */
@Command(name = "__complete", hidden = true, description = "Completion candidates (for kubectl).")
public final class CompleteCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public CompleteCommand(PluginContext context) {
    this.context = context;
  }

  /** Commands whose first argument is a restore name. */
  static final Set<String> TAKE_A_RESTORE =
      Set.of("get", "describe", "watch", "logs", "cancel", "delete");

  @Spec CommandSpec spec;

  @Unmatched List<String> words = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> typed = words.isEmpty() ? List.of("") : words;
    String current = typed.get(typed.size() - 1);
    List<String> before = typed.subList(0, typed.size() - 1);
    CommandLine rootLine = spec.root().commandLine();
    String sub =
        before.stream()
            .filter(w -> rootLine.getSubcommands().containsKey(w))
            .findFirst()
            .orElse(null);
    Set<String> candidates = new TreeSet<>();
    if (sub == null) {
      rootLine
          .getSubcommands()
          .forEach(
              (name, cl) -> {
                if (!cl.getCommandSpec().usageMessage().hidden() && name.startsWith(current)) {
                  candidates.add(name);
                }
              });
    } else if (current.startsWith("-")) {
      for (OptionSpec o : rootLine.getSubcommands().get(sub).getCommandSpec().options()) {
        for (String n : o.names()) {
          if (n.startsWith(current) && !o.hidden()) {
            candidates.add(n);
          }
        }
      }
    } else if (TAKE_A_RESTORE.contains(sub)
        && !takesValue(rootLine, sub, before)
        && !hasName(rootLine, sub, before)) {
      candidates.addAll(restoreNames(before, current));
    }
    candidates.forEach(out::println);
    out.println(":4");
    out.flush();
    return 0;
  }

  /** True when the word before the cursor is an option that takes a value (e.g. -n). */
  private static boolean takesValue(CommandLine rootLine, String sub, List<String> before) {
    if (before.isEmpty()) {
      return false;
    }
    OptionSpec o =
        rootLine
            .getSubcommands()
            .get(sub)
            .getCommandSpec()
            .findOption(before.get(before.size() - 1));
    return o != null && o.arity().min() > 0;
  }

  /** True when a restore name was already given after the command. */
  private static boolean hasName(CommandLine rootLine, String sub, List<String> before) {
    CommandSpec s = rootLine.getSubcommands().get(sub).getCommandSpec();
    boolean afterSub = false;
    for (int i = 0; i < before.size(); i++) {
      String w = before.get(i);
      if (!afterSub) {
        afterSub = w.equals(sub);
        continue;
      }
      if (w.startsWith("-")) {
        OptionSpec o = s.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
        if (o != null && o.arity().min() > 0 && !w.contains("=")) {
          i++; // skip its value
        }
        continue;
      }
      return true;
    }
    return false;
  }

  /** Holds the kubectl flags typed so far, to list names in the right context and namespace. */
  @Command(name = "scope")
  static final class Scope {
    @Mixin KubeOptions kube;
  }

  private List<String> restoreNames(List<String> before, String prefix) {
    try {
      Scope scope = new Scope();
      new CommandLine(scope)
          .setUnmatchedArgumentsAllowed(true)
          .parseArgs(before.toArray(String[]::new));
      Session session = context.sessions().open(scope.kube);
      List<String> names = new ArrayList<>();
      for (var item : session.connect().list(session.namespace(), null, null).items()) {
        String name = item.at("/metadata/name").asText();
        if (name.startsWith(prefix)) {
          names.add(name);
        }
      }
      return names;
    } catch (RuntimeException e) {
      return List.of(); // completion never fails loudly
    }
  }
}

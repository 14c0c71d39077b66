package io.neo4jrestore.plugin.commands;

import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginException;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash|zsh}: a shell completion script for {@code kubectl-neo4j_restore}. */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script (bash, or zsh through bashcompinit) for the"
          + " kubectl-neo4j_restore binary.",
      "",
      "For `kubectl neo4j-restore <TAB>` (kubectl 1.26+), put kubectl_complete-neo4j_restore (shipped"
          + " next to the plugin) on PATH: kubectl runs it, and it asks this plugin's hidden"
          + " __complete command for commands, flags and restore names.",
      "",
      "Example: source <(kubectl neo4j-restore completion bash)"
    })
public final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  String shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("kubectl-neo4j_restore", spec.root().commandLine());
    switch (shell) {
      case "bash" -> spec.commandLine().getOut().print(script);
      case "zsh" -> {
        spec.commandLine().getOut().println("autoload -U +X compinit && compinit");
        spec.commandLine().getOut().println("autoload -U +X bashcompinit && bashcompinit");
        spec.commandLine().getOut().print(script);
      }
      default ->
          throw new PluginException(
              ExitCode.USAGE,
              "completion for \""
                  + shell
                  + "\" is not available; use bash or zsh (fish and"
                  + " PowerShell users: kubectl's own completion calls kubectl_complete-neo4j_restore)");
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}

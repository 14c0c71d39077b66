package io.neo4jrestore.plugin.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.plugin.ExitCode;
import io.neo4jrestore.plugin.PluginContext;
import io.neo4jrestore.plugin.PluginException;
import io.neo4jrestore.plugin.Session;
import io.neo4jrestore.plugin.options.KubeOptions;
import io.neo4jrestore.plugin.options.OutputOptions;
import io.neo4jrestore.plugin.options.WaitOptions;
import io.neo4jrestore.plugin.restore.CreateFlags;
import io.neo4jrestore.plugin.restore.Drafts;
import io.neo4jrestore.plugin.restore.ObjectPrinter;
import io.neo4jrestore.plugin.restore.PlanPrinter;
import io.neo4jrestore.plugin.restore.Plans;
import io.neo4jrestore.plugin.restore.RestoreCluster;
import io.neo4jrestore.plugin.restore.Restores;
import io.neo4jrestore.plugin.restore.RunnerStarter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code create NAME}: write a Neo4jRestore from flags or a file, then start its runner Job. */
@Command(
    name = "create",
    sortOptions = false,
    customSynopsis = {
      "kubectl neo4j-restore create NAME --target CLUSTER --database DB --source-type TYPE"
          + " [flags]",
      "       kubectl neo4j-restore create [NAME] -f FILE|- [flags]",
      "       kubectl neo4j-restore create --from-plan PLAN [flags]"
    },
    description = {
      "Create a restore and start its runner Job.",
      "",
      "The resource comes from flags or from a file (-f) and is checked with the CRD's rules"
          + " before it is sent. Its runner Job is started at once (the dispatcher CronJob"
          + " would start it within a minute).",
      "",
      "Examples:",
      "  kubectl neo4j-restore create nightly --target prod --database movies \\",
      "      --source-type backup --backup-ref nightly-backup --wait",
      "  kubectl neo4j-restore create dr --target dr --database orders \\",
      "      --source-type s3 --bucket backups --path orders \\",
      "      --credentials-secret s3-creds --point-in-time 2025-01-20T03:30:00+01:00",
      "  kubectl neo4j-restore create -f restore.yaml --dry-run=server",
      "  kubectl neo4j-restore create nightly -f restore.yaml --plan   # same as plan",
      "  kubectl neo4j-restore create --from-plan nightly --wait      # run what was reviewed",
      "  kubectl neo4j-restore create orders-drill --target prod --database orders \\",
      "      --source-type backup --backup-ref nightly \\",
      "      --drill-assert 'MATCH (n:Order) RETURN count(n) >= 1000' \\",
      "      --drill-schedule '0 2 * * 0' --drill-keep 8   # drills Sundays 02:00 UTC",
      ""
    })
public class CreateCommand implements Callable<Integer> {
  private final PluginContext context;

  /** Made by picocli through the plugin's factory, with the command line's context. */
  public CreateCommand(PluginContext context) {
    this.context = context;
  }

  /** How dry. */
  public enum DryRunMode {
    none,
    client,
    server
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;
  @Mixin OutputOptions output;
  @Mixin WaitOptions wait;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "Name of the Neo4jRestore (optional with -f when the file names it).")
  String name;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description = "Read the whole resource from FILE (YAML or JSON; - for stdin).")
  String file;

  // the resource flags, declared here so that help lists them here; picocli starts a second
  // group where a single-valued one is repeated, which ResourceFlags.of refuses as picocli would
  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<ResourceFlags> resource = new ArrayList<>();

  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "client",
      paramLabel = "MODE",
      description =
          "client: print what would be sent, without contacting the cluster; server: let the API"
              + " server check it without storing it; none (default).")
  DryRunMode dryRun = DryRunMode.none;

  @Option(
      names = "--validate",
      arity = "0..1",
      fallbackValue = "strict",
      paramLabel = "MODE",
      description =
          "strict (default: refuse what the CRD would refuse before sending), warn (print the"
              + " problems, send anyway), ignore (let the API server judge).")
  String validate = "strict";

  @Option(
      names = "--no-start",
      description = "Only create the resource; the dispatcher CronJob starts its runner Job.")
  boolean noStart;

  @Option(
      names = "--runner-image",
      paramLabel = "IMAGE",
      description = "Runner image for the runner Job (default: this build's).")
  String runnerImage;

  @Option(
      names = "--plan",
      description =
          "Plan instead of restoring (same as the plan command): the runner checks everything"
              + " the restore would, changes nothing, and the plan is printed; exit 0 when the"
              + " restore would start, 5 when it would be refused.")
  boolean plan;

  @Option(
      names = "--from-plan",
      paramLabel = "PLAN",
      description =
          "Turn the reviewed plan PLAN (a resource made by plan) into the restore and start it;"
              + " the runner refuses (PlanOutdated) when what the plan depended on changed.")
  String fromPlan;

  @Option(
      names = "--plan-timeout",
      paramLabel = "DURATION",
      description = "How long to wait for the plan (default 10m); exit code 4.")
  String planTimeout = "10m";

  /** True for the {@code plan} command: always a plan. */
  boolean planMode() {
    return plan;
  }

  @Override
  public Integer call() {
    CreateFlags flags = ResourceFlags.of(resource, spec); // first: a repeated flag is a parse error
    if (fromPlan != null) {
      return fromPlan();
    }
    boolean planning = planMode();
    if (planning && (dryRun != DryRunMode.none || noStart || wait.enabled())) {
      throw PluginException.usage(
          "a plan changes nothing and always waits for its result: leave out --dry-run,"
              + " --no-start and --wait");
    }
    if (output.format() == OutputOptions.Format.wide) {
      throw PluginException.usage("-o wide is for get; create prints yaml, json or name");
    }
    if (file != null && !resource.isEmpty()) {
      throw PluginException.usage(
          "-f takes the whole resource from the file; leave out the resource flags (--target,"
              + " --database, --source-type, ...)");
    }
    Session session = context.sessions().open(kube);
    Drafts.Draft draft =
        file != null
            ? Drafts.fromFile(read(file), source(), name, kube.namespace(), session.namespace())
            : Drafts.fromFlags(name, session.namespace(), flags);
    if (planning && draft.object().path("spec").path("drill").isObject()) {
      // the runner's planner refuses a drill; say so before anything is written
      throw PluginException.usage(
          "a drill is not planned (it never changes the target): create it with"
              + " kubectl neo4j-restore create and read its outcome with describe, or plan the"
              + " restore without the drill flags (spec.drill)");
    }
    check(draft);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dryRun == DryRunMode.client) {
      print(out, draft.object(), "created (dry run)");
      return 0;
    }
    RestoreCluster cluster = session.connect();
    RestoreCluster.Created created =
        cluster.create(
            draft.namespace(),
            planning ? Plans.planOnly(draft.object()) : draft.object(),
            dryRun == DryRunMode.server
                ? RestoreCluster.DryRun.SERVER
                : RestoreCluster.DryRun.NONE);
    created.warnings().forEach(w -> err.println("Warning: " + w));
    err.flush();
    if (dryRun == DryRunMode.server) {
      print(out, created.object(), "created (server dry run)");
      return 0;
    }
    if (planning) {
      err.println(Restores.RESOURCE + "/" + draft.name() + " created as a plan");
      try {
        new RunnerStarter(cluster, err).start(created.object(), image());
      } catch (PluginException e) {
        // the dispatcher never starts a plan: say so instead of RunnerStarter's hint
        throw new PluginException(
            ExitCode.API,
            "the plan "
                + draft.namespace()
                + "/"
                + draft.name()
                + " was created, but its runner Job could not be ("
                + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                + "); the dispatcher does not start plans: ask for permission to create jobs in"
                + " namespace "
                + draft.namespace()
                + ", then delete the plan and plan again",
            e);
      }
      JsonNode planned =
          Plans.await(
              cluster,
              draft.namespace(),
              draft.name(),
              WaitOptions.parse("--plan-timeout", planTimeout),
              context.clock(),
              context.sleeper());
      return printPlan(out, planned);
    }
    print(out, created.object(), "created");
    if (!noStart) {
      new RunnerStarter(cluster, err).start(created.object(), image());
    }
    if (wait.enabled()) {
      PrintWriter timeline = output.format() == null ? out : err;
      return Following.follow(
          context, cluster, draft.namespace(), draft.name(), wait.timeout(), timeline, err);
    }
    return 0;
  }

  /** Prints the plan; 0 when the restore would start, else REFUSED with the reasons. */
  private int printPlan(PrintWriter out, JsonNode restore) {
    JsonNode plan = restore.at("/status/plan");
    OutputOptions.Format format = output.format();
    if (format == OutputOptions.Format.yaml) {
      out.print(ObjectPrinter.yaml(plan));
    } else if (format == OutputOptions.Format.json) {
      out.print(ObjectPrinter.json(plan));
    } else if (format == OutputOptions.Format.name) {
      out.print(ObjectPrinter.name(restore));
    } else {
      out.print(PlanPrinter.text(restore));
    }
    out.flush();
    if (Plans.wouldStart(plan)) {
      return 0;
    }
    throw PluginException.refused(
        "the restore would be refused: "
            + PlanPrinter.reasons(plan)
            + " (see the plan); nothing was changed");
  }

  /** {@code --from-plan}: the reviewed plan becomes the restore, then starts like create. */
  private int fromPlan() {
    if (file != null || !resource.isEmpty() || name != null || planMode()) {
      throw PluginException.usage(
          "--from-plan PLAN takes the whole restore from the plan PLAN: leave out NAME, -f, the"
              + " resource flags and --plan");
    }
    if (dryRun != DryRunMode.none) {
      throw PluginException.usage("--from-plan has no dry run: the plan was the dry run");
    }
    Session session = context.sessions().open(kube);
    String ns = session.namespace();
    RestoreCluster cluster = session.connect();
    JsonNode planned =
        cluster
            .find(ns, fromPlan)
            .orElseThrow(
                () ->
                    new PluginException(
                        ExitCode.API,
                        "neo4jrestore "
                            + ns
                            + "/"
                            + fromPlan
                            + " not found; make the plan first with kubectl neo4j-restore plan"));
    java.util.Map<String, String> annotations = Plans.fromPlan(planned);
    JsonNode restore = cluster.annotate(ns, fromPlan, annotations);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    print(
        out,
        restore,
        "created from plan " + annotations.get(io.neo4jrestore.api.Annotations.FROM_PLAN));
    if (!noStart) {
      new RunnerStarter(cluster, err).start(restore, image());
    }
    if (wait.enabled()) {
      PrintWriter timeline = output.format() == null ? out : err;
      return Following.follow(context, cluster, ns, fromPlan, wait.timeout(), timeline, err);
    }
    return 0;
  }

  private void check(Drafts.Draft draft) {
    String mode = validate == null ? "strict" : validate.trim().toLowerCase(java.util.Locale.ROOT);
    switch (mode) {
      case "strict", "true", "warn", "ignore", "false" -> {}
      default ->
          throw PluginException.usage(
              "--validate " + validate + ": use strict (or true), warn, or ignore (or false)");
    }
    if (mode.equals("ignore") || mode.equals("false")) {
      return;
    }
    List<Violation> violations = Drafts.violations(draft);
    if (violations.isEmpty()) {
      return;
    }
    if (mode.equals("warn")) {
      PrintWriter err = spec.commandLine().getErr();
      violations.forEach(v -> err.println("Warning: " + v.field() + ": " + v.message()));
      err.flush();
      return;
    }
    throw PluginException.refused(Drafts.refusal(draft, violations));
  }

  private void print(PrintWriter out, JsonNode object, String verb) {
    OutputOptions.Format format = output.format();
    if (format == null) {
      out.println(
          Restores.RESOURCE + "/" + object.path("metadata").path("name").asText() + " " + verb);
    } else {
      JsonNode shown = Restores.forOutput(object);
      switch (format) {
        case yaml -> out.print(ObjectPrinter.yaml(shown));
        case json -> out.print(ObjectPrinter.json(shown));
        default -> out.print(ObjectPrinter.name(shown));
      }
    }
    out.flush();
  }

  private String image() {
    return runnerImage != null ? runnerImage : context.build().get().runnerImage();
  }

  private String source() {
    return "-".equals(file) ? "stdin" : file;
  }

  private String read(String f) {
    try {
      if ("-".equals(f)) {
        InputStream in = context.stdin().get();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(f));
    } catch (IOException e) {
      throw PluginException.usage("cannot read " + f + ": " + e.getMessage());
    }
  }
}

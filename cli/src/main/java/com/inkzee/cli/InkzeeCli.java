package com.inkzee.cli;

import com.inkzee.cli.commands.DemoFeedsCommand;
import com.inkzee.cli.commands.DemoSetupCommand;
import com.inkzee.cli.commands.DigestCommand;
import com.inkzee.cli.commands.ExportOpmlCommand;
import com.inkzee.cli.commands.ImportOpmlCommand;
import com.inkzee.cli.commands.RefreshCommand;
import com.inkzee.cli.commands.RiverCommand;
import com.inkzee.cli.commands.StatusCommand;
import com.inkzee.cli.commands.SubscribeCommand;
import com.inkzee.cli.connect.ServiceCallException;
import com.inkzee.cli.connect.ServiceDownException;
import com.inkzee.cli.output.TerminalSafeWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The operators' command line behind {@code ./inkzee}: subcommands that talk to the running
 * services over Inkzee RPC. Starting services ({@code up}, {@code store}...) is the script's job;
 * everything that asks a running service something is here. docs/CLI.md documents each subcommand,
 * its JSON shape and the exit codes.
 */
@Command(
    name = "inkzee",
    mixinStandardHelpOptions = true,
    version = "inkzee command line 0.1",
    description = "Talks to the running Inkzee services over Inkzee RPC.",
    subcommands = {
      SubscribeCommand.class,
      ImportOpmlCommand.class,
      ExportOpmlCommand.class,
      RiverCommand.class,
      DigestCommand.class,
      StatusCommand.class,
      RefreshCommand.class,
      DemoFeedsCommand.class,
      DemoSetupCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  INKZEE_STORE_ENDPOINTS, INKZEE_FETCHER_ENDPOINTS, INKZEE_RANKER_ENDPOINTS",
      "      host:port lists (defaults 127.0.0.1:7101, :7102, :7103)",
      "  INKZEE_AUTH_TOKEN   the services' shared secret (unset: none)",
      "  INKZEE_USER         default --user (else USER, else 'demo')",
      "",
      "Exit codes: 0 done, 1 a service answered with an error, 2 bad arguments or input,",
      "3 a service is not running, 4 a service refused this client (token, version),",
      "5 done in part (import-opml: some feeds not imported)."
    })
public final class InkzeeCli implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    int code;
    try (CliContext context = CliContext.system()) {
      code =
          commandLine(
                  context, new OutputStreamWriter(System.out), new OutputStreamWriter(System.err))
              .execute(args);
    }
    System.exit(code);
  }

  /**
   * The command line over {@code context}: every subcommand gets the context in its constructor,
   * and expected failures become a message on err and an exit code ({@link ExitCodes}).
   */
  public static CommandLine commandLine(CliContext context) {
    CommandLine cl = new CommandLine(new InkzeeCli(), new ContextFactory(context));
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (ex instanceof ServiceDownException down) {
            err.println("inkzee: " + down.getMessage());
            err.flush();
            return ExitCodes.SERVICE_DOWN;
          }
          if (ex instanceof ServiceCallException call) {
            err.println("inkzee: " + call.getMessage() + advice(call));
            err.flush();
            return call.exitCode();
          }
          if (ex instanceof CliFailure failure) {
            err.println("inkzee: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
          }
          throw ex; // a bug: picocli prints the stack trace and exits 1
        });
    return cl;
  }

  /**
   * The command line over {@code context}, printing to {@code out} and {@code err} through a {@link
   * TerminalSafeWriter} each: text that came from feeds or readers cannot carry escape sequences to
   * the terminal.
   */
  public static CommandLine commandLine(CliContext context, Writer out, Writer err) {
    CommandLine cl = commandLine(context);
    cl.setOut(new PrintWriter(new TerminalSafeWriter(out), true));
    cl.setErr(new PrintWriter(new TerminalSafeWriter(err), true));
    return cl;
  }

  /** What the operator can do about a failed call, where the status says something useful. */
  private static String advice(ServiceCallException call) {
    switch (call.status()) {
      case UNAUTHENTICATED:
        return "\nSet INKZEE_AUTH_TOKEN to the token the services were started with.";
      case UNAVAILABLE:
        return "\nThe "
            + call.service().label()
            + " runs but cannot do this now; retry shortly"
            + " or see its log (./logs/"
            + call.service().label()
            + ".log under ./inkzee up).";
      default:
        return "";
    }
  }

  /** Builds subcommands with the shared context; everything else as picocli would. */
  private static final class ContextFactory implements IFactory {
    private final CliContext context;

    ContextFactory(CliContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}

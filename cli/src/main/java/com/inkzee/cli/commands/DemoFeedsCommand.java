package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.CliFailure;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.demo.DemoFeedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo-feeds}: serves the sample feeds on loopback until stopped (SIGTERM or Ctrl-C), for
 * {@code ./inkzee up --demo}.
 */
@Command(
    name = "demo-feeds",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the demo's sample feeds on 127.0.0.1 until stopped (./inkzee up --demo starts it).",
      "Dates in the files ({{rfc822:-3h}}, {{iso:-2d}}) are filled in relative to the start."
    })
public final class DemoFeedsCommand extends CliCommand {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "demo/feeds",
      description = "the sample feed directory (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "7490",
      description = "the loopback port (default ${DEFAULT-VALUE}; 0: any free port)")
  int port;

  public DemoFeedsCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws InterruptedException {
    DemoFeedServer server;
    try {
      server = DemoFeedServer.start(dir, port, context.clock().instant());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage());
    } catch (IOException e) {
      throw CliFailure.failed(
          "cannot serve the demo feeds on 127.0.0.1:" + port + ": " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "inkzee-demo-feeds-stop"));
    out()
        .println(
            "serving "
                + server.feedNames().size()
                + " sample feeds from "
                + dir
                + " at "
                + server.baseUrl()
                + " "
                + server.feedNames());
    out().flush();
    stopped.await();
    return ExitCodes.OK;
  }
}

package com.inkzee.rpc.hostile;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records what the server logs while attached, so a test can check that an attack leaves a clear
 * one-line reason (and no stack trace of an unexpected error) in the operator's log.
 */
final class ServerLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger logger;
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  private ServerLog(Logger logger) {
    this.logger = logger;
  }

  /** Starts recording everything logged under {@code com.inkzee.rpc.server}. */
  static ServerLog capture() {
    Logger logger = (Logger) LoggerFactory.getLogger("com.inkzee.rpc.server");
    ServerLog log = new ServerLog(logger);
    log.setContext(logger.getLoggerContext());
    log.start();
    logger.addAppender(log);
    return log;
  }

  @Override
  protected void append(ILoggingEvent event) {
    events.add(event);
  }

  /** The formatted messages logged so far, oldest first. */
  List<String> messages() {
    return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** Lines that carried a throwable: each one is an error the server did not expect. */
  List<String> unexpectedErrors() {
    return events.stream()
        .filter(e -> e.getThrowableProxy() != null)
        .map(
            e ->
                e.getFormattedMessage()
                    + ": "
                    + e.getThrowableProxy().getClassName()
                    + ": "
                    + e.getThrowableProxy().getMessage())
        .toList();
  }

  void clear() {
    events.clear();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}

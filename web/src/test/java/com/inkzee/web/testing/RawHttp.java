package com.inkzee.web.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on one kept-alive loopback connection, for requests {@code
 * java.net.http} refuses to send (a URL with a bad percent escape) and for seeing whether the
 * server kept the connection open after answering. Answers must carry {@code Content-Length}, as
 * the web reader's do. Every read gives up after 10 s.
 */
public final class RawHttp implements AutoCloseable {
  /** An answer: status, headers by lower-case name, body as UTF-8. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends {@code method target} exactly as given, with {@code headers} and {@code body}. */
  public Answer send(String method, String target, Map<String, String> headers, String body)
      throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(content);
    out.flush();
    return read();
  }

  /** Writes {@code raw} exactly as given, in one write: pipelined requests, a partial one. */
  public void write(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads the next answer; one to a HEAD has no body, whatever its Content-Length says. */
  public Answer read(boolean toHead) throws IOException {
    return toHead ? read(0) : read();
  }

  /** Whether the server has closed the connection: reading gives end of stream (not a byte). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true; // reset: closed too
    }
  }

  private Answer read() throws IOException {
    return read(-1);
  }

  /** An answer whose body is {@code bodyLength} bytes, or Content-Length's when negative. */
  private Answer read(int bodyLength) throws IOException {
    String status = line();
    int code = Integer.parseInt(status.split(" ", 3)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    int length =
        bodyLength >= 0
            ? bodyLength
            : Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException("the connection closed in the middle of the body");
    }
    return new Answer(code, headers, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the server closed the connection without (a whole) answer");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

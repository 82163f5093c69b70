package com.inkzee.web.ranker;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.web.api.ApiException;

/**
 * Maps a failed ranker call to the HTTP error a reader's browser gets: the ranker's own message
 * where it speaks of the reader's input, a plain statement where the backend is at fault.
 */
public final class RpcErrors {
  private RpcErrors() {}

  public static ApiException toHttp(RpcException e) {
    String detail = e.getMessage();
    return switch (e.status()) {
      case INVALID_ARGUMENT -> ApiException.badRequest(detail);
      case NOT_FOUND -> ApiException.notFound(detail);
      case ALREADY_EXISTS -> new ApiException(409, "conflict", detail);
      // The ranker could not do it as things are (e.g. the site cannot be read): the reader's
      // request was well formed, the world did not cooperate.
      case FAILED_PRECONDITION -> new ApiException(422, "unprocessable", detail);
      case UNAVAILABLE ->
          new ApiException(
              503, "backend_unavailable", "the reader's backend cannot be reached: " + detail);
      case RESOURCE_EXHAUSTED ->
          new ApiException(503, "busy", "the backend is overloaded; retry shortly");
      case DEADLINE_EXCEEDED ->
          new ApiException(504, "timeout", "the backend did not answer in time: " + detail);
      case UNIMPLEMENTED ->
          new ApiException(
              501, "not_implemented", "the ranker is older than this web reader: " + detail);
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          new ApiException(
              502,
              "bad_gateway",
              "the web reader may not call the ranker (check INKZEE_AUTH_TOKEN)");
      default -> new ApiException(502, "bad_gateway", "the ranker failed: " + detail);
    };
  }
}

package com.inkzee.rpc.xmlrpc;

/**
 * A request refused before it was whole: from its head ({@link RequestHeadCheck}) or while its body
 * arrived ({@link BodyLimit}). Passed down the pipeline in the request's place, so that {@link
 * XmlRpcHttpHandler} answers it in its turn, after the answers still owed to the requests pipelined
 * before it: a refusal written at once would be read by the client as the answer to one of those.
 *
 * @param keepAlive whether the connection may serve on after the answer (never after {@link
 *     Reason#BODY_TOO_LARGE} or {@link Reason#BODY_UNDECODABLE})
 */
record Refusal(Reason reason, boolean keepAlive, String detail) {
  enum Reason {
    /** Not a POST: HTTP 405. */
    METHOD_NOT_ALLOWED,
    /** No token or the wrong one: fault UNAUTHENTICATED. */
    UNAUTHENTICATED,
    /** A Content-Encoding the server cannot decode ({@code detail}): HTTP 415. */
    UNSUPPORTED_ENCODING,
    /** The body, as decoded, exceeds the limit: HTTP 413; the connection then closes. */
    BODY_TOO_LARGE,
    /** The body is not in its Content-Encoding ({@code detail}): HTTP 400; then closes. */
    BODY_UNDECODABLE
  }
}

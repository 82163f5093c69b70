package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import java.util.Map;

/**
 * The benchmark service as Apache XML-RPC's server calls it ({@code bench.small}, {@code
 * bench.river}), over the same handler as the other transports. Public with a public constructor
 * because Apache's handler mapping instantiates it by reflection.
 */
public final class ApacheXmlRpcHandler {
  private static final BenchHandler HANDLER = new BenchHandler();

  /** The page as an XML-RPC struct, built once, as the other transports answer a built page. */
  private static final Map<String, Object> PAGE = XmlRpcValues.toXmlRpc(BenchMessages.riverPage());

  public Map<String, Object> small(Map<String, Object> request) {
    return XmlRpcValues.toXmlRpc(
        HANDLER.small(XmlRpcValues.fromXmlRpc(request, SmallRequest.class)));
  }

  public Map<String, Object> river(Map<String, Object> request) {
    XmlRpcValues.fromXmlRpc(request, RiverRequest.class); // checked, as the other servers decode it
    return PAGE;
  }
}

package com.inkzee.benchmarks;

/** Placeholder replaced by the RPC benchmark. */
public final class RpcBenchmark {
  private RpcBenchmark() {}

  public static void main(String[] args) {}
}

package com.inkzee.ranker.alert;

import java.util.List;

/**
 * Where fired hits go: the wiring records them in the store ({@code recordAlertHits}), which keeps
 * one hit per alert and entry.
 */
@FunctionalInterface
public interface HitSink {
  /**
   * Records {@code hits} durably and returns those newly recorded, with their ids; a hit the store
   * already had (a replay after a restart) is left out, so it wakes no one twice.
   *
   * @throws RuntimeException if they could not be recorded: the dispatcher then forgets them, and
   *     the caller retries the entry
   */
  List<AlertHit> record(List<NewHit> hits);
}

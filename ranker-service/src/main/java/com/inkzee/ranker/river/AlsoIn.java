package com.inkzee.ranker.river;

/**
 * Another of the reader's feeds that carries the same story as a river item, so the item can say
 * "also in" and link the copy.
 *
 * @param entryId the copy's entry id
 * @param feedId its feed
 * @param feedTitle the reader's name for that feed
 */
public record AlsoIn(long entryId, long feedId, String feedTitle) {}

package com.inkzee.web.apps;

/**
 * The reader a reading app acts for, known by one of their app passwords: the user, which app
 * password (so the app's calls can be told apart and stop when it is revoked), and whether that
 * password asks for the ranked order where the app asks for the default one.
 */
public record AppReader(long userId, String name, long appPasswordId, boolean rankedOrder) {}

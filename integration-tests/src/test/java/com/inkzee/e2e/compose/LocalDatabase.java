package com.inkzee.e2e.compose;

/**
 * The PostgreSQL that stands in for the compose file's database service: a local server and the
 * throwaway database the run created on it.
 */
public record LocalDatabase(String host, int port, String database, String user, String password) {}

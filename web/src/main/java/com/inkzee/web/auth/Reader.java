package com.inkzee.web.auth;

/** The signed-in reader of a request: their user, the session's CSRF token and token hash. */
public record Reader(long userId, String name, String csrfToken, String tokenHash) {}

package com.inkzee.rpc.api.health;

import com.inkzee.rpc.serial.Field;

/** Asks a service whether it is up; {@code echo} comes back unchanged. */
public record PingRequest(@Field(1) String echo) {}

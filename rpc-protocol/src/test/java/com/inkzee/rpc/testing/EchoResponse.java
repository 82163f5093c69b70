package com.inkzee.rpc.testing;

import com.inkzee.rpc.serial.Field;
import java.util.List;

public record EchoResponse(
    @Field(1) String text,
    @Field(2) String servedBy,
    @Field(3) byte[] blob,
    @Field(4) List<String> tags) {}

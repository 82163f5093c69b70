package com.inkzee.rpc.api.store;

import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.service.RpcService;

/**
 * The store: feeds, entries, users and their states, in PostgreSQL or the embedded default. The
 * only service that touches the database; its methods are added by the store-service issue.
 */
@RpcService("store")
public interface StoreService extends Pingable {}

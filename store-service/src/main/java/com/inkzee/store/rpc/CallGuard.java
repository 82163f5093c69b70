package com.inkzee.store.rpc;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.db.DatabaseException;
import com.inkzee.store.db.DatabaseUnavailableException;
import com.inkzee.store.leases.LeaseLostException;
import com.inkzee.store.users.AppKeyTakenException;
import com.inkzee.store.users.AppPasswordLimitException;
import com.inkzee.store.users.NameTakenException;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what the stores throw to call statuses: bad input INVALID_ARGUMENT, unknown ids NOT_FOUND, a
 * name or app password digest taken ALREADY_EXISTS, a user's app passwords at their limit
 * RESOURCE_EXHAUSTED, a lost lease FAILED_PRECONDITION, a database that cannot be reached
 * UNAVAILABLE, anything else INTERNAL. Database details are logged here and never sent: the caller
 * gets a short message.
 */
final class CallGuard {
  private static final Logger log = LoggerFactory.getLogger(CallGuard.class);

  private CallGuard() {}

  static <T> T run(String method, Supplier<T> call) {
    try {
      return call.get();
    } catch (RpcException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidArgument(e.getMessage());
    } catch (NoSuchElementException e) {
      throw RpcException.notFound(e.getMessage());
    } catch (NameTakenException | AppKeyTakenException e) {
      throw new RpcException(Status.ALREADY_EXISTS, e.getMessage());
    } catch (AppPasswordLimitException e) {
      throw RpcException.resourceExhausted(e.getMessage());
    } catch (LeaseLostException e) {
      throw new RpcException(Status.FAILED_PRECONDITION, e.getMessage());
    } catch (DatabaseUnavailableException e) {
      log.warn("{}: {}", method, e.getMessage());
      throw RpcException.unavailable("database unavailable, retry later");
    } catch (DatabaseException e) {
      log.error("{} failed", method, e);
      throw RpcException.internal("store error in " + method);
    } catch (RuntimeException e) {
      log.error("{} failed", method, e);
      throw RpcException.internal("store error in " + method);
    }
  }
}

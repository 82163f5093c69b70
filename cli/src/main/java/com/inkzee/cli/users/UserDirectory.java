package com.inkzee.cli.users;

import com.inkzee.cli.CliFailure;
import com.inkzee.cli.connect.ServiceCallException;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.status.Status;

/**
 * Finds readers by name in the store ({@code getUser}), and creates them for the commands that add
 * something for a reader ({@code createUser}, which returns the existing one if the name is taken,
 * so a race between two commands creates one user).
 */
public final class UserDirectory {
  private final StoreService store;

  public UserDirectory(StoreService store) {
    this.store = store;
  }

  /** The user, or a failure (exit 1) saying that there is none and how one is made. */
  public ResolvedUser find(String name) {
    try {
      UserResponse r = store.getUser(new GetUserRequest(null, name));
      return new ResolvedUser(r.user().id(), r.user().name(), false);
    } catch (ServiceCallException e) {
      if (e.status() == Status.NOT_FOUND) {
        throw CliFailure.failed(
            "no user named '"
                + name
                + "' in the store; `inkzee subscribe URL --user "
                + name
                + "` or `inkzee import-opml FILE --user "
                + name
                + "` creates one");
      }
      throw e;
    }
  }

  /** The user, created if the store has none of that name. */
  public ResolvedUser findOrCreate(String name) {
    UserResponse r = store.createUser(new CreateUserRequest(name, null));
    return new ResolvedUser(r.user().id(), r.user().name(), r.created());
  }

  /** A reader as a command acts for it; {@code created}: this command created it. */
  public record ResolvedUser(long id, String name, boolean created) {}
}

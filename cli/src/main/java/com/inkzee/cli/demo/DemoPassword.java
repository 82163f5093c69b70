package com.inkzee.cli.demo;

import com.inkzee.cli.connect.ServiceCallException;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.passwords.PasswordHasher;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialResponse;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.status.Status;
import java.util.Objects;

/**
 * Gives the demo reader a password it can sign in to the web reader with: hashed here in the web
 * reader's own format ({@link PasswordHasher}), stored with the store's {@code setPassword}. A
 * reader that already has a password keeps it: running the demo again must not sign anyone out nor
 * change a password a person chose.
 */
public final class DemoPassword {
  /** What {@link #ensure} found and did. */
  public enum Outcome {
    /** The reader had no password; it has {@code password} now. */
    SET,
    /** The reader's password already was {@code password}. */
    ALREADY_SET,
    /** The reader has another password, which is kept. */
    KEPT
  }

  private final StoreService store;
  private final PasswordHasher hasher;

  public DemoPassword(StoreService store, PasswordHasher hasher) {
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /** Sets {@code password} for {@code reader} unless it has a password already. */
  public Outcome ensure(ResolvedUser reader, String password) {
    Objects.requireNonNull(password, "password");
    CredentialResponse credential;
    try {
      credential = store.getCredential(new CredentialRequest(reader.name()));
    } catch (ServiceCallException e) {
      if (e.status() != Status.NOT_FOUND) {
        throw e;
      }
      // NOT_FOUND: the user exists (it was just found or created) but has no password.
      store.setPassword(new SetPasswordRequest(reader.id(), hasher.hash(password), false));
      return Outcome.SET;
    }
    return hasher.verify(password, credential.passwordHash()) ? Outcome.ALREADY_SET : Outcome.KEPT;
  }
}

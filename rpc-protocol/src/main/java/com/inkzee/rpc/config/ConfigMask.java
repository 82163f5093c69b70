package com.inkzee.rpc.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for what of a service's configuration may be printed: values of variables whose name
 * says they are secret are replaced by {@code ****}, and credentials inside other values (the
 * password of {@code postgresql://user:password@host}, a {@code password=} parameter of a JDBC URL)
 * are masked in place. {@link Env#effective()} applies it to everything it reports, so a secret
 * read with {@link Env#string} by mistake is still masked.
 */
public final class ConfigMask {
  /** What a masked value prints as. */
  public static final String MASK = "****";

  // Name parts that mark a variable as secret: INKZEE_AUTH_TOKEN, INKZEE_DB_PASSWORD,
  // INKZEE_WEBSUB_SECRET, a future *_API_KEY or *_CREDENTIALS. INKZEE_TLS_KEY names a file path,
  // which is not secret, but masking it costs nothing and keeps the rule simple.
  private static final Pattern SECRET_NAME =
      Pattern.compile("(^|_)(TOKEN|PASSWORD|PASSWD|PWD|SECRET|KEY|CREDENTIALS?)(_|$)");

  // scheme://user:password@host -> scheme://user:****@host
  private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@?#;\\s]*:)[^@/\\s]*(@)");

  // password=..., sslpassword=..., token=... up to the next & or ; (JDBC query and H2 settings)
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)((?:^|[?&;])[a-z]*(?:password|passwd|pwd|secret|token|key)=)[^&;\\s]*");

  private ConfigMask() {}

  /** Whether a variable's name marks its value as secret. */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).find();
  }

  /** The printable form of {@code value} of variable {@code name}. */
  public static String mask(String name, String value) {
    if (value == null || value.isEmpty() || value.equals("(unset)")) {
      return value;
    }
    if (isSecretName(name)) {
      return MASK;
    }
    return maskCredentials(value);
  }

  /**
   * {@code text} with the credentials it may hold masked in place: the password of a {@code
   * scheme://user:password@host} URL and the value of a {@code password=} (or token, key, secret)
   * parameter. For values of non-secret variables and for messages quoting them.
   */
  public static String maskCredentials(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String v = URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "$2");
    return SECRET_PARAMETER.matcher(v).replaceAll("$1" + MASK);
  }
}

package com.inkzee.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcServerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPrinterTest {
  private static final String TOKEN = "tok-3f9a-secret-value";
  private static final String DB_PASSWORD = "pw-Zq81!x";
  private static final String WEBSUB_KEY = "websub-master-key-77c1";
  private static final String URL_PASSWORD = "url-pass-55e0";
  private static final String PARAM_PASSWORD = "param-pass-9d2b";

  @Test
  void noSecretEverAppearsInThePrintedText() {
    Env env =
        new Env(
            Map.of(
                "INKZEE_AUTH_TOKEN", TOKEN,
                "INKZEE_DB_PASSWORD", DB_PASSWORD,
                "INKZEE_WEBSUB_SECRET", WEBSUB_KEY,
                "INKZEE_DB_URL",
                    "jdbc:postgresql://db:5432/inkzee?user=inkzee&password="
                        + PARAM_PASSWORD
                        + "&ssl=true",
                "INKZEE_MIRROR_URL", "postgresql://inkzee:" + URL_PASSWORD + "@replica:5432/inkzee",
                "INKZEE_NOTE", "the token is " + TOKEN,
                "INKZEE_TYPO_PASSWORD", DB_PASSWORD));
    // Read as the services read them: some through secret(), some (by mistake) through string().
    RpcServerSettings.fromEnv(env, 7101);
    env.secret("INKZEE_DB_PASSWORD");
    env.secret("INKZEE_WEBSUB_SECRET");
    env.string("INKZEE_DB_URL", null);
    env.string("INKZEE_MIRROR_URL", "");
    env.string("INKZEE_NOTE", "");

    String printed = String.join("\n", ConfigPrinter.lines("store", env));

    for (String secret :
        new String[] {TOKEN, DB_PASSWORD, WEBSUB_KEY, URL_PASSWORD, PARAM_PASSWORD}) {
      assertThat(printed).doesNotContain(secret);
    }
    assertThat(printed)
        .contains("config INKZEE_AUTH_TOKEN=****")
        .contains("config INKZEE_DB_PASSWORD=****")
        .contains("config INKZEE_WEBSUB_SECRET=****")
        .contains(
            "config INKZEE_DB_URL=jdbc:postgresql://db:5432/inkzee?user=inkzee&password=****&ssl=true")
        .contains("config INKZEE_MIRROR_URL=postgresql://inkzee:****@replica:5432/inkzee")
        .contains("config INKZEE_NOTE=the token is ****")
        .contains("config INKZEE_BIND=127.0.0.1")
        .contains("config INKZEE_TYPO_PASSWORD is set but not used by store");
  }

  @Test
  void secretLookingVariablesOutsideInkzeeDoNotMaskOurValues() {
    // PWD is the shell's working directory, not a password.
    Env env = new Env(Map.of("PWD", "/srv", "INKZEE_DATA_DIR", "/srv/inkzee/data"));
    env.string("INKZEE_DATA_DIR", "./data");
    assertThat(ConfigPrinter.lines("store", env))
        .contains("config INKZEE_DATA_DIR=/srv/inkzee/data");
  }

  @Test
  void anUnsetSecretSaysSoAndPlainValuesPrintAsTheyAre() {
    Env env =
        new Env(
            Map.of("INKZEE_RPC_PORT", "7201", "INKZEE_DB_URL", "jdbc:h2:mem:x;MODE=PostgreSQL"));
    RpcServerSettings.fromEnv(env, 7101);
    env.string("INKZEE_DB_URL", null);
    assertThat(ConfigPrinter.lines("store", env))
        .contains("config INKZEE_AUTH_TOKEN=(unset)")
        .contains("config INKZEE_RPC_PORT=7201")
        .contains("config INKZEE_DB_URL=jdbc:h2:mem:x;MODE=PostgreSQL");
  }
}

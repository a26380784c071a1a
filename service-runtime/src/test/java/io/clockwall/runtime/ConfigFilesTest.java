package io.clockwall.runtime;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigFilesTest {

  @Test
  void aConfIsAJsonObjectStringOrAJsonOrYamlFile(@TempDir Path dir) throws Exception {
    Path json = Files.writeString(dir.resolve("c.json"), "{\"port\": 8010}");
    Path yaml = Files.writeString(dir.resolve("c.yaml"), "port: 8010\nclocks:\n  - name: A\n    port: 1\n");
    assertEquals(new JsonObject().put("port", 8010), ConfigFiles.readConf("{\"port\": 8010}"));
    assertEquals(new JsonObject().put("port", 8010), ConfigFiles.readConf(json.toString()));
    JsonObject fromYaml = ConfigFiles.readConf(yaml.toString());
    assertEquals(8010, fromYaml.getInteger("port"));
    assertEquals("A", fromYaml.getJsonArray("clocks").getJsonObject(0).getString("name"));
  }

  @Test
  void eachProblemIsOneLineNamingTheOptionOrFile(@TempDir Path dir) throws Exception {
    assertEquals("-conf {\"port\":1: not a JSON object (Unexpected end-of-input at line 1, column 10)",
      problem("{\"port\":1"));
    assertEquals("-conf [1]: not a JSON object (an array)", problem("[1]"));
    assertEquals("-conf x.json: no such file", problem("x.json"));
    assertEquals("-conf " + dir + ": is a directory, not a config file", problem(dir.toString()));
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\n  \"port\": 80x0\n}\n");
    assertEquals("-conf " + bad + ": not a JSON object (Unexpected character ('x' (code 120)):"
      + " was expecting comma to separate Object entries at line 2, column 13)", problem(bad.toString()));
    Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
    assertEquals("-conf " + list + ": not a YAML object (a single value)", problem(list.toString()));
    Path broken = Files.writeString(dir.resolve("broken.yml"), "port: [1\n");
    assertEquals(1, problem(broken.toString()).lines().count());
    Path secret = Files.writeString(dir.resolve("secret.json"), "{}");
    if (secret.toFile().setReadable(false) && !Files.isReadable(secret)) { // root reads anything
      assertEquals("-conf " + secret + ": cannot read (permission denied)", problem(secret.toString()));
    }
  }

  private static String problem(String conf) {
    return assertThrows(ConfigException.class, () -> ConfigFiles.readConf(conf)).getMessage();
  }
}

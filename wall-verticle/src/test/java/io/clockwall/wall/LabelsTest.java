package io.clockwall.wall;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class LabelsTest {

  @ParameterizedTest
  @ValueSource(strings = {"15:04:05", "3:04PM", "2006-01-02 15:04:05.000", "Mon Jan  2 15:04:05", "15:04:05,123",
      "2026-12-01T05:00:00Z", "02/01/06 +0700", "1"})
  void timeLayoutsAreLabels(String label) {
    assertNull(Labels.problem(Buffer.buffer(label), label.length()));
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "=>", textBlock = """
      04:28:48 | Tokyo 99:99:99  => character '|' in a label
      '12:00:00 '                => space at an end of the label
      ' 12:00:00'                => space at an end of the label
      PM                         => no digit in the label
      "12:00:00"                 => character '"' in a label
      12:00:00;rm                => character ';' in a label
      12:00:00 12:00:00 12:00:00 12:00:00 => label longer than 32 bytes
      """)
  void anythingElseIsNot(String label, String problem) {
    assertEquals(problem, Labels.problem(Buffer.buffer(label), label.length()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u001b[2J12:00:00", "12:00:00\u0007", "\u009b2J12", "12:00:00\u007f", "12\u000000"})
  void controlBytesAreNot(String label) {
    Buffer bytes = Buffer.buffer(label, "ISO-8859-1");
    assertNotNull(Labels.problem(bytes, bytes.length()));
  }
}

package org.hbakit.iscsi.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TextParametersTest {
	private static Map<String, String> parse(String s) throws TextParameters.FormatException {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		return TextParameters.parse(b, 0, b.length);
	}

	@Test
	void parsesPairsInOrderAndEncodesThemBack() throws Exception {
		Map<String, String> m = parse("InitiatorName=iqn.x:y\0SessionType=Normal\0Empty=\0");
		assertThat(m).containsExactly(Map.entry("InitiatorName", "iqn.x:y"), Map.entry("SessionType", "Normal"),
				Map.entry("Empty", ""));
		assertThat(new String(TextParameters.encode(new LinkedHashMap<>(m)), StandardCharsets.UTF_8))
				.isEqualTo("InitiatorName=iqn.x:y\0SessionType=Normal\0Empty=\0");
		assertThat(parse("")).isEmpty();
	}

	@Test
	void refusesMalformedText() {
		assertThatThrownBy(() -> parse("NoEquals\0")).isInstanceOf(TextParameters.FormatException.class);
		assertThatThrownBy(() -> parse("A=1\0A=2\0")).hasMessageContaining("twice");
		assertThatThrownBy(() -> parse("A=1")).hasMessageContaining("NUL");
		assertThatThrownBy(() -> parse("=1\0")).hasMessageContaining("key of 0");
		assertThatThrownBy(() -> parse("K".repeat(64) + "=1\0")).hasMessageContaining("key of 64");
		assertThatThrownBy(() -> parse("K=" + "v".repeat(8193) + "\0")).hasMessageContaining("value");
	}
}

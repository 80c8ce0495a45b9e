package org.hbakit.iscsi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** CHAP with MD5 as RFC 1994 and RFC 7143 §12.1.3 define it, one-way and mutual. */
class ChapExchangeTest {
	private final ChapCredentials credentials = new ChapCredentials("alice", "s3cret-s3cret", "door", "d00r-secret");

	@Test
	void aCorrectResponseAuthenticatesAndMutualChapIsAnswered() throws Exception {
		ChapExchange chap = new ChapExchange(credentials);
		Map<String, String> answer = new LinkedHashMap<>();
		chap.process(Map.of("CHAP_A", "7,5"), answer);
		assertThat(answer).containsEntry("CHAP_A", "5").containsKeys("CHAP_I", "CHAP_C");
		int id = Integer.parseInt(answer.get("CHAP_I"));
		byte[] challenge = HexFormat.of().parseHex(answer.get("CHAP_C").substring(2));
		Map<String, String> response = new LinkedHashMap<>();
		response.put("CHAP_N", "alice");
		response.put("CHAP_R", "0x" + HexFormat.of().formatHex(ChapExchange.md5(id, "s3cret-s3cret", challenge)));
		response.put("CHAP_I", "9");
		response.put("CHAP_C", "0x0102030405060708");
		answer.clear();
		chap.process(response, answer);
		assertThat(chap.state()).isEqualTo(ChapExchange.State.AUTHENTICATED);
		assertThat(answer).containsEntry("CHAP_N", "door").containsEntry("CHAP_R", "0x" + HexFormat.of()
				.formatHex(ChapExchange.md5(9, "d00r-secret", HexFormat.of().parseHex("0102030405060708"))));
	}

	@Test
	void aWrongResponseOrNameFails() throws Exception {
		for (String name : new String[] { "alice", "mallory" }) {
			ChapExchange chap = new ChapExchange(credentials);
			Map<String, String> answer = new LinkedHashMap<>();
			chap.process(Map.of("CHAP_A", "5"), answer);
			int id = Integer.parseInt(answer.get("CHAP_I"));
			byte[] challenge = HexFormat.of().parseHex(answer.get("CHAP_C").substring(2));
			String secret = name.equals("alice") ? "wrong-secret" : "s3cret-s3cret";
			assertThatThrownBy(() -> chap.process(Map.of("CHAP_N", name, "CHAP_R",
					"0x" + HexFormat.of().formatHex(ChapExchange.md5(id, secret, challenge))), new LinkedHashMap<>()))
					.isInstanceOf(ChapExchange.Failure.class);
		}
	}

	@Test
	void noMd5AndAReflectedChallengeFail() throws Exception {
		assertThatThrownBy(() -> new ChapExchange(credentials).process(Map.of("CHAP_A", "6,7"), new LinkedHashMap<>()))
				.isInstanceOf(ChapExchange.Failure.class);
		ChapExchange chap = new ChapExchange(credentials);
		Map<String, String> answer = new LinkedHashMap<>();
		chap.process(Map.of("CHAP_A", "5"), answer);
		int id = Integer.parseInt(answer.get("CHAP_I"));
		String c = answer.get("CHAP_C");
		byte[] challenge = HexFormat.of().parseHex(c.substring(2));
		assertThatThrownBy(() -> chap.process(Map.of("CHAP_N", "alice", "CHAP_R",
				"0x" + HexFormat.of().formatHex(ChapExchange.md5(id, "s3cret-s3cret", challenge)), "CHAP_I", "1",
				"CHAP_C", c), new LinkedHashMap<>())).hasMessageContaining("reflected");
	}

	@Test
	void binaryValuesDecodeFromHexAndBase64() {
		assertThat(ChapExchange.decode("0x0a0B")).containsExactly(0x0A, 0x0B);
		assertThat(ChapExchange.decode("0bAQI=")).containsExactly(1, 2);
		assertThat(ChapExchange.decode("0xZZ")).isNull();
		assertThat(ChapExchange.decode("12")).isNull();
	}
}

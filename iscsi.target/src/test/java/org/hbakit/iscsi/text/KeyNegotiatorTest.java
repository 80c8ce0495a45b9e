package org.hbakit.iscsi.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The answers of RFC 7143 §6.2 and §13 for each kind of key. */
class KeyNegotiatorTest {
	private final KeyNegotiator n = new KeyNegotiator(TargetLimits.DEFAULT);
	private final OperationalParameters p = new OperationalParameters();
	private final Map<String, String> answer = new LinkedHashMap<>();

	private String answer(String key, String value) {
		answer.clear();
		n.negotiate(key, value, p, false, answer);
		return answer.get(key);
	}

	@Test
	void listsPickTheInitiatorsFirstSupportedValue() {
		assertThat(answer("HeaderDigest", "CRC32C,None")).isEqualTo("CRC32C");
		assertThat(p.headerDigest).isTrue();
		assertThat(answer("DataDigest", "None,CRC32C")).isEqualTo("None");
		assertThat(p.dataDigest).isFalse();
		assertThat(answer("HeaderDigest", "MD5")).isEqualTo("Reject");
	}

	@Test
	void numbersTakeTheMinimumOrMaximumAndRefuseOutOfRange() {
		assertThat(answer("MaxBurstLength", "16776192")).isEqualTo(Integer.toString(1 << 20));
		assertThat(p.maxBurstLength).isEqualTo(1 << 20);
		assertThat(answer("FirstBurstLength", "8192")).isEqualTo("8192");
		assertThat(answer("MaxOutstandingR2T", "8")).isEqualTo("4");
		assertThat(answer("ErrorRecoveryLevel", "2")).isEqualTo("0");
		assertThat(answer("DefaultTime2Wait", "0")).isEqualTo("2");
		assertThat(answer("MaxConnections", "8")).isEqualTo("1");
		assertThat(answer("MaxBurstLength", "100")).isEqualTo("Reject");
		assertThat(answer("MaxBurstLength", "12x")).isEqualTo("Reject");
	}

	@Test
	void booleansFollowOrAndAndSemantics() {
		assertThat(answer("InitialR2T", "No")).isEqualTo("No"); // OR: both No
		assertThat(p.initialR2T).isFalse();
		assertThat(answer("InitialR2T", "Yes")).isEqualTo("Yes");
		assertThat(answer("ImmediateData", "No")).isEqualTo("No"); // AND
		assertThat(p.immediateData).isFalse();
		assertThat(answer("ImmediateData", "Maybe")).isEqualTo("Reject");
	}

	@Test
	void declarativeAndUnknownKeys() {
		assertThat(answer("MaxRecvDataSegmentLength", "65536")).isNull(); // declarative: no answer
		assertThat(p.initiatorMaxRecvDataSegmentLength).isEqualTo(65536);
		assertThat(answer("X-com.example.Thing", "1")).isEqualTo("NotUnderstood");
		assertThat(answer("OFMarkInt", "1~65535")).isEqualTo("Irrelevant");
	}
}

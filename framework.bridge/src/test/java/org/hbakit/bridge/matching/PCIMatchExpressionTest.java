package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hbakit.bridge.matching.PCIMatchExpression.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PCIMatchExpressionTest {
	@Test
	void aValueWithoutMaskUsesTheDefaultMask() {
		PCIMatchExpression e = PCIMatchExpression.parse("0x00261011", PCIMatchExpression.DEFAULT_MASK);

		assertThat(e.terms()).containsExactly(new Term(0x00261011, 0xffffffff));
		assertThat(e.matches(0x00261011)).isTrue();
		assertThat(e.matches(0x00271011)).isFalse();
	}

	@Test
	void theClassDefaultMaskDropsTheRevisionByte() {
		PCIMatchExpression e = PCIMatchKey.IO_PCI_CLASS_MATCH.parse("0x01000000");

		assertThat(e.terms()).containsExactly(new Term(0x01000000, 0xffffff00));
		assertThat(e.matches(0x01000001)).isTrue();
		assertThat(e.matches(0x010000ff)).isTrue();
		assertThat(e.matches(0x01010001)).isFalse();
	}

	@Test
	void anExplicitMaskReplacesTheDefault() {
		PCIMatchExpression e = PCIMatchKey.IO_PCI_CLASS_MATCH.parse("0x02000000&0xffff0000");

		assertThat(e.matches(0x02008001)).as("Ethernet, any prog-if and revision").isTrue();
		assertThat(e.matches(0x02010000)).isFalse();
	}

	@Test
	void valuesWithinAKeyAreOred() {
		// Apple's example, with the mask typo corrected: vendor 0x9004 with device 0xzz78 or 0x78zz
		PCIMatchExpression e = PCIMatchExpression.parse("0x00789004&0x00ffffff 0x78009004&0xff00ffff",
				PCIMatchExpression.DEFAULT_MASK);

		assertThat(e.terms()).containsExactly(new Term(0x00789004, 0x00ffffff), new Term(0x78009004, 0xff00ffff));
		assertThat(e.matches(0x12789004)).isTrue();
		assertThat(e.matches(0x78129004)).isTrue();
		assertThat(e.matches(0x12349004)).isFalse();
		assertThat(e.matches(0x00789005)).isFalse();
	}

	@Test
	void prefixAndCaseAreOptionalAndWhitespaceIsFlexible() {
		PCIMatchExpression e = PCIMatchExpression.parse("  5CD11B4B\t0X1234abcd &  FFFF0000\n",
				PCIMatchExpression.DEFAULT_MASK);

		assertThat(e.terms()).containsExactly(new Term(0x5cd11b4b, 0xffffffff), new Term(0x1234abcd, 0xffff0000));
	}

	@Test
	void appleDocumentationTypoIsRefusedNamingTheToken() {
		assertThatThrownBy(() -> PCIMatchExpression.parse("0x00789004&0x00ffffff 0x78009004&0x0xff00ffff",
				PCIMatchExpression.DEFAULT_MASK))
				.isInstanceOfSatisfying(PCIMatchExpression.SyntaxException.class,
						e -> assertThat(e.token()).isEqualTo("0x78009004&0x0xff00ffff"))
				.hasMessageContaining("bad mask '0x0xff00ffff'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "0xG000", "0x", "123456789", "0x1234&", "&0xffff", "0x12&0xzz", "0x12&&0xff",
			"0x12,0x34", "-1" })
	void malformedTextIsRefused(String text) {
		assertThatThrownBy(() -> PCIMatchExpression.parse(text, PCIMatchExpression.DEFAULT_MASK))
				.isInstanceOf(PCIMatchExpression.SyntaxException.class);
	}

	@Test
	void theOffendingTokenOfABadValueIsNamed() {
		assertThatThrownBy(() -> PCIMatchExpression.parse("0x5cd11b4b 0x5cd1zz4b", -1))
				.isInstanceOfSatisfying(PCIMatchExpression.SyntaxException.class,
						e -> assertThat(e.token()).isEqualTo("0x5cd1zz4b"))
				.hasMessageContaining("bad hex value");
	}

	@Test
	void allThirtyTwoBitsAreCompared() {
		PCIMatchExpression e = PCIMatchExpression.parse("0xffffffff", PCIMatchExpression.DEFAULT_MASK);

		assertThat(e.matches(0xffffffff)).isTrue();
		assertThat(e.matches(0x7fffffff)).isFalse();
	}
}
